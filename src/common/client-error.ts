import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { CommonErrors, type DomainError, validationFailed } from './domain-error.js';
import { problemJson, problemTitle, sendProblem } from './problem.filter.js';

const notHttp = () => validationFailed([{ field: 'request', message: 'the request is not valid HTTP/1.1' }]);

/** Node's HTTP parser's refusals, by its error codes, as the API's own problems. */
function problemOfParserError(code: string | undefined): DomainError {
  if (code === 'HPE_HEADER_OVERFLOW') return CommonErrors.REQUEST_HEADERS_TOO_LARGE();
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return CommonErrors.REQUEST_TIMEOUT();
  return notHttp();
}

/**
 * An HTTP/1.1 request must name its host (RFC 9112). Node refuses one that does not with a bare 400 of its own
 * (`requireHostHeader`), which the server turns off so that the refusal is problem+json like every other.
 */
export function refuseRequestWithoutHost(req: Request, res: Response, next: NextFunction): void {
  if (req.httpVersion === '1.1' && req.headers.host === undefined) return sendProblem(res, req, notHttp());
  next();
}

/** What Node keeps on a socket while it answers a request on it: a response whose head went out already. */
type ServedSocket = Duplex & { _httpMessage?: { headersSent?: boolean } | null };

/**
 * The server's `clientError`: a request Node's parser refuses before any route sees it (headers over 16 KB, a
 * malformed request line, a request too slow to arrive) is answered as problem+json with a stable code, as every
 * other error is, instead of Node's bare status line. As Node's own handler does, nothing is written where an
 * answer to an earlier request on the socket has begun (it would corrupt that answer); the socket is then closed.
 */
export function answerClientError(err: Error & { code?: string }, socket: ServedSocket): void {
  if (socket.writable && !socket._httpMessage?.headersSent && err.code !== 'ECONNRESET') {
    const problem = problemOfParserError(err.code);
    const body = JSON.stringify(problemJson(problem));
    socket.write(
      `HTTP/1.1 ${problem.status} ${problemTitle(problem.status)}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}
