/**
 * The source address sign-in counts attempts by: what the connection says (the Node socket,
 * the Lambda event's sourceIp), never X-Forwarded-For unless configured.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { APIGatewayProxyEventV2, Context as LambdaContext } from 'aws-lambda';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaClientAddress, nodeClientAddress } from '../../functions/http/client-address.js';
import { addressBucket } from '../../functions/store/sign-in-attempts.js';

const echo = (address: (c: any) => string | undefined) => new Hono().get('/', (c) => c.text(address(c) ?? '(none)'));

describe('on Node', () => {
  const servers: ServerType[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });
  async function start(address: (c: any) => string | undefined): Promise<string> {
    const server = serve({ fetch: echo(address).fetch, port: 0, hostname: '127.0.0.1' });
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it('takes the socket’s peer and ignores X-Forwarded-For', async () => {
    const url = await start(nodeClientAddress());
    const res = await fetch(url, { headers: { 'x-forwarded-for': '192.0.2.99' } });
    expect(addressBucket(await res.text())).toBe('127.0.0.1');
  });

  it('takes the last X-Forwarded-For entry only when told to trust the proxy', async () => {
    const url = await start(nodeClientAddress({ trustForwardedFor: true }));
    const res = await fetch(url, { headers: { 'x-forwarded-for': '192.0.2.1, 198.51.100.23' } });
    expect(await res.text()).toBe('198.51.100.23');
  });
});

describe('on Lambda', () => {
  const event = (): APIGatewayProxyEventV2 => {
    const e = JSON.parse(readFileSync(new URL('../fixtures/apigw-v2-health.json', import.meta.url), 'utf8')) as APIGatewayProxyEventV2;
    e.rawPath = '/';
    e.requestContext.http.path = '/';
    e.requestContext.http.method = 'GET';
    return e;
  };
  const handler = handle(echo(lambdaClientAddress)) as unknown as (e: APIGatewayProxyEventV2, c: LambdaContext) => Promise<{ body: string }>;

  it('takes the event’s sourceIp, whatever X-Forwarded-For says', async () => {
    const e = event();
    e.requestContext.http.sourceIp = '198.51.100.42';
    e.headers['x-forwarded-for'] = '192.0.2.77';
    expect((await handler(e, {} as LambdaContext)).body).toBe('198.51.100.42');
  });

  it('counts no address rather than trust X-Forwarded-For when the event has no sourceIp', async () => {
    const e = event();
    delete (e.requestContext.http as { sourceIp?: string }).sourceIp;
    e.headers['x-forwarded-for'] = '192.0.2.77';
    expect((await handler(e, {} as LambdaContext)).body).toBe('(none)');
  });
});

describe('the bucket an address counts in', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['[2001:db8:1:2::9]', '2001:db8:1:2::/64'],
  ])('counts %s as %s', (address, bucket) => {
    expect(addressBucket(address)).toBe(bucket);
  });

  it.each(['', 'localhost', 'not an address', '1:2:3::4::5'])('counts no bucket for %j', (address) => {
    expect(addressBucket(address)).toBeUndefined();
  });
});
