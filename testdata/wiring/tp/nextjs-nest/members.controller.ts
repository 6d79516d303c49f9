import { Controller, Get, Header } from '@nestjs/common';

@Controller('members')
export class MembersController {
  @Get()
  @Header('Access-Control-Allow-Origin', '*')
  list() {
    return this.members.list();
  }
}
