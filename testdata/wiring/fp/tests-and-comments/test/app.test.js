const cors = require('cors');
// Tests run the API with permissive CORS on purpose.
app.use(cors({ origin: true, credentials: true }));
