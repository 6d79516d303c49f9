res.cookie('token', t);
