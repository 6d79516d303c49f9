import express from 'express';
import rateLimit from 'express-rate-limit';

const app = express();
const userRouter = express.Router();
const limiter = rateLimit({ windowMs: 60 * 1000, limit: 5 });

// A limiter mounted on a path prefix covers the routes under it.
app.use('/rest/user/reset-password', rateLimit({ windowMs: 5 * 60 * 1000, max: 100 }));
app.post('/rest/user/reset-password', resetPassword());

// router.use(limiter) covers the router's routes, wherever it is mounted.
userRouter.use(limiter);
userRouter.post('/login', login());
app.use('/rest/user', userRouter);
