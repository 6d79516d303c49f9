// class: cors
import { NextResponse } from 'next/server';

export async function GET(request: Request) {
  return NextResponse.json({ items: [] }, {
    headers: { 'Access-Control-Allow-Origin': '*' }, // want code/cors-wildcard
  });
}

export async function OPTIONS(request: Request) {
  const origin = request.headers.get('origin') ?? '';
  return new Response(null, {
    status: 204,
    headers: {
      'Access-Control-Allow-Origin': origin, // want code/cors-any-origin-with-credentials
      'Access-Control-Allow-Credentials': 'true',
    },
  });
}
