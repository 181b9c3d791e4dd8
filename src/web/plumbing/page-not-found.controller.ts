import { All, Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CommonErrors } from '../../common/domain-error.js';
import { WebPages } from './web-page.guard.js';

/**
 * Any other path under the pages' sections: the Chinese 404 page rather than the API's JSON (paths outside them: pageNotFound). Registered
 * after every page controller, so it only takes what none of them serves; /api is never under it.
 */
@ApiExcludeController()
@WebPages()
@Controller()
export class PageNotFoundController {
  @All(['branch/{*rest}', 'lecturer/{*rest}', 'admin/{*rest}', 'inbox/{*rest}'])
  notFound(): never {
    throw CommonErrors.ROUTE_NOT_FOUND();
  }
}
