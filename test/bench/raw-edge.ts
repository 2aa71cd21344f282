// The raw baseline of the inbound ack: a bare node:http server that reads the JSON body, adds one
// BullMQ job (nothing processes it) and answers 202 — the least an edge that queues its events can
// do. Run as a process of its own, as the bot is: `node --import tsx test/bench/raw-edge.ts <redis
// url> <queue prefix>`; it prints its address.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { createRedis } from '../../bot/queue/redis.js';

const [redisUrl, prefix] = process.argv.slice(2);
if (!redisUrl || !prefix) throw new Error('usage: raw-edge.ts <redis url> <queue prefix>');
const queue = new Queue('raw-edge', { connection: createRedis(redisUrl, () => {}), prefix });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const event = JSON.parse(Buffer.concat(chunks).toString()) as unknown;
    queue.add('event', event).then(
      (job) => {
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accepted: true, id: job.id }));
      },
      () => {
        res.writeHead(503);
        res.end();
      },
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => console.log(`raw edge at http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void queue.close().then(() => process.exit(0));
});
