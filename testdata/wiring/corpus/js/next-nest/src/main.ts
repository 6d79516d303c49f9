// class: cors
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({ origin: true, credentials: true }); // want code/cors-any-origin-with-credentials
  await app.listen(3000);
}
bootstrap();
