import { NotFoundException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DevMailController } from './dev-mail.controller';
import { DevMailbox } from './dev-mailbox';

function requestFrom(remoteAddress: string): FastifyRequest {
  return { raw: { socket: { remoteAddress } }, headers: {} } as unknown as FastifyRequest;
}

describe('DevMailController', () => {
  const mailbox = new DevMailbox();
  mailbox.keep('Keel <no-reply@localhost>', { to: 'ada@example.com', subject: 'Hello', text: 'Hi' });

  it('should answer callers on this machine in local mode, IPv4 or IPv6', () => {
    const viewer = new DevMailController(mailbox, 'local');
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(viewer.json(requestFrom(address)).data.map((mail) => mail.to)).toEqual(['ada@example.com']);
    }
  });

  it('should be a 404 for anyone else in local mode, and answer them when on', () => {
    expect(() => new DevMailController(mailbox, 'local').json(requestFrom('192.168.1.20'))).toThrow(NotFoundException);
    expect(new DevMailController(mailbox, 'on').json(requestFrom('192.168.1.20')).data).toHaveLength(1);
  });
});
