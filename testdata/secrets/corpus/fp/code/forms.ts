export const fields = [{ name: 'password', type: 'password', label: 'Password' }];
export const initial = { email: '', password: '' };
export function login(req) {
  return auth({ user: req.body.user, password: req.body.password });
}
export const messages = { password: 'Enter your password', newPassword: 'Choose a new password' };
export const db = { password: process.env.DB_PASSWORD || '' };
