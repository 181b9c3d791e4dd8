import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import nunjucks from 'nunjucks';
import { TEMPLATE_FILTERS } from './template-filters.js';
import { VIEWS_DIR } from './web-assets.js';

/** Every template of the pages, by its name under the views folder. */
function templates(dir = VIEWS_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? templates(join(dir, e.name)) : e.name.endsWith('.njk') ? [relative(VIEWS_DIR, join(dir, e.name))] : [],
  );
}

describe('the pages’ templates', () => {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR), {
    autoescape: true,
    trimBlocks: true,
    lstripBlocks: true,
  });
  for (const [name, filter] of Object.entries(TEMPLATE_FILTERS)) env.addFilter(name, filter);

  // An included template that does not compile renders as nothing, with no error: a page then silently lacks a form.
  it.each(templates())('compiles %s', (name) => {
    expect(() => env.getTemplate(name, true)).not.toThrow();
  });
});
