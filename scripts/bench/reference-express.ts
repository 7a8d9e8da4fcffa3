/**
 * Reference for `npm run bench`: a bare Express 5 app with the same body parser as the hotline's
 * voice routes and one route answering a constant TwiML document. Reads PORT and BODY_FILE from the environment.
 */
import { readFileSync } from 'node:fs';
import express from 'express';

const port = Number(process.env.PORT);
const body = readFileSync(process.env.BODY_FILE ?? '');

const app = express();
app.use(express.urlencoded({ extended: false, limit: '16kb' }));
app.post('/{*path}', (_req, res) => {
  res.type('text/xml').send(body);
});
app.listen(port, '127.0.0.1');
