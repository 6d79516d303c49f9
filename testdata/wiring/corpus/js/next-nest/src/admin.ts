// class: cors
// Known-safe: a fixed list of origins.
import { NestFactory } from '@nestjs/core';
import { AdminModule } from './admin.module';

async function bootstrap() {
  const app = await NestFactory.create(AdminModule, {
    cors: { origin: ['https://admin.example.com'], credentials: true },
  });
  await app.listen(3001);
}
bootstrap();
