import { Controller, Get, Header, Param } from '@nestjs/common';
import { STYLESHEET } from '../assets/stylesheet.js';
import { STYLESHEET_PATH } from '../assets/assets.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { WebPages } from './web-page.decorator.js';

@WebPages()
@Controller('static')
export class StaticController {
  /** The stylesheet under its content-named path; an older name is not found. */
  @Get(':file')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  stylesheet(@Param('file') file: string): string {
    if (`/static/${file}` !== STYLESHEET_PATH) throw DomainError.notFound('File');
    return STYLESHEET;
  }
}
