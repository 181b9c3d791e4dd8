// The report form's photos: shrunk in the browser before they are sent (longest side 1600 px, JPEG at
// 80 %), so a weak link carries a few hundred kilobytes, not the camera's megabytes. When and where a
// photo was taken travel along: a JPEG's EXIF block is copied into the shrunk file (turned upright, as
// the pixels now are); the server reads it and stores none of it. Without JavaScript, or when a photo
// cannot be read here, the originals go as they are.
'use strict';
(function () {
  var MAX_SIDE = 1600;
  var QUALITY = 0.8;

  // The APP1 "Exif" segment of a JPEG (marker to end), or null.
  function exifSegment(buffer) {
    var v = new DataView(buffer);
    if (v.byteLength < 4 || v.getUint16(0) !== 0xffd8) return null;
    var offset = 2;
    while (offset + 10 <= v.byteLength) {
      var marker = v.getUint16(offset);
      if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return null;
      var length = v.getUint16(offset + 2);
      if (marker === 0xffe1 && v.getUint32(offset + 4) === 0x45786966) return new Uint8Array(buffer.slice(offset, offset + 2 + length));
      offset += 2 + length;
    }
    return null;
  }

  // Orientation (tag 0x0112 of IFD0) set to 1: the canvas drew the pixels upright already.
  function markUpright(segment) {
    var v = new DataView(segment.buffer);
    var tiff = 10;
    if (v.byteLength < tiff + 8) return;
    var little = v.getUint16(tiff) === 0x4949;
    var ifd0 = tiff + v.getUint32(tiff + 4, little);
    if (ifd0 + 2 > v.byteLength) return;
    var entries = v.getUint16(ifd0, little);
    for (var i = 0; i < entries; i++) {
      var entry = ifd0 + 2 + i * 12;
      if (entry + 12 > v.byteLength) return;
      if (v.getUint16(entry, little) === 0x0112) v.setUint16(entry + 8, 1, little);
    }
  }

  function shrink(file) {
    return Promise.all([file.arrayBuffer(), createImageBitmap(file)]).then(function (read) {
      var bitmap = read[1];
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(resolve, 'image/jpeg', QUALITY);
      }).then(function (blob) {
        if (!blob) return file;
        var exif = file.type === 'image/jpeg' ? exifSegment(read[0]) : null;
        var parts = [blob];
        if (exif) {
          markUpright(exif);
          parts = [blob.slice(0, 2), exif, blob.slice(2)];
        }
        var shrunk = new File(parts, file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' });
        return shrunk.size < file.size ? shrunk : file;
      });
    });
  }

  document.querySelectorAll('form[data-shrink-photos] input[type="file"]').forEach(function (input) {
    if (typeof DataTransfer === 'undefined' || typeof createImageBitmap === 'undefined') return;
    var form = input.form;
    var button = form.querySelector('button[type="submit"]');
    var status = document.createElement('p');
    status.className = 'muted small';
    status.setAttribute('role', 'status');
    input.insertAdjacentElement('afterend', status);

    input.addEventListener('change', function () {
      var files = Array.prototype.slice.call(input.files);
      // Setting input.files below fires no change event: this runs once per choice.
      if (files.length === 0) return;
      button.disabled = true;
      status.textContent = window.pageText('client.shrinking');
      Promise.all(
        files.map(function (f) {
          return shrink(f).catch(function () {
            return f;
          });
        }),
      ).then(function (shrunk) {
        var transfer = new DataTransfer();
        var bytes = 0;
        shrunk.forEach(function (f) {
          bytes += f.size;
          transfer.items.add(f);
        });
        input.files = transfer.files;
        status.textContent = window.pageText('client.shrunk', { n: shrunk.length, kb: Math.ceil(bytes / 1024) });
        button.disabled = false;
      });
    });
  });
})();
