/**
 * Reference for `npm run bench`: a bare node:http server that answers every POST with a constant
 * TwiML document, the floor no Express app can beat. Reads PORT and BODY_FILE from the environment.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
const body = readFileSync(process.env.BODY_FILE ?? '');

createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(404).end();
    return;
  }
  // Read the form body as a real server must, then answer without looking at it.
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'text/xml', 'content-length': body.length }).end(body));
}).listen(port, '127.0.0.1');
