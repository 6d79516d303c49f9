import { cookies } from 'next/headers';

export async function login(token: string) {
  // Next.js cookies().set: the options are the Set-Cookie attributes;
  // none is set unless given.
  (await cookies()).set('token', token, { httpOnly: true });
}
