import { Controller, Get, Header } from '@nestjs/common';

@Controller('members')
export class MembersController {
  @Get()
  @Header('Cache-Control', 'no-store')
  list() {
    return this.members.list();
  }
}
