/** The peer every gateway number is compared to: node:http answering a fixed body. */
import http from 'node:http';

const body = Buffer.from('<GetCallerIdentityResponse><GetCallerIdentityResult/></GetCallerIdentityResponse>');
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/xml', 'content-length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
});
