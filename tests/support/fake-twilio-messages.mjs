// Loaded into a built server with NODE_OPTIONS=--import=<this file>: the server's own twilio REST
// client talks to nock, which accepts every message and writes one line per message to the file
// named by FAKE_TWILIO_MESSAGES (for the test to read). Nothing else leaves the machine.
import { appendFileSync } from 'node:fs';
import nock from 'nock';

const record = process.env.FAKE_TWILIO_MESSAGES;
if (!record) throw new Error('FAKE_TWILIO_MESSAGES must name the file that records the messages.');

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
const accepted = { sid: `SM${'a'.repeat(32)}`, status: 'queued', direction: 'outbound-api', api_version: '2010-04-01' };
// The body is recorded as it is matched; the reply is static, so nock 15.0.0 sends it with a
// Content-Length and ends it (the client keeps its connection alive).
nock('https://api.twilio.com')
  .persist()
  .replyContentLength()
  .post(/^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Messages\.json$/, (body) => {
    appendFileSync(record, `${JSON.stringify({ to: body.To, pid: process.pid })}\n`);
    return true;
  })
  .reply(201, accepted);
