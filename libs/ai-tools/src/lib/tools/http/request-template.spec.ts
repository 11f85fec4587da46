import { renderRequest } from './request-template';

describe('renderRequest', () => {
  const secrets = new Map([['CRM_TOKEN', 'tok/en+1']]);

  it('should percent-encode values in the URL and keep headers as text', () => {
    const rendered = renderRequest(
      {
        method: 'GET',
        url: 'https://crm.example.com/contacts/{{input.id}}?q={{input.q}}&key={{secrets.CRM_TOKEN}}',
        headers: { Authorization: 'Bearer {{secrets.CRM_TOKEN}}' },
      },
      { id: 'a/b', q: 'x y&z' },
      secrets,
    );

    expect(rendered.url).toBe('https://crm.example.com/contacts/a%2Fb?q=x%20y%26z&key=tok%2Fen%2B1');
    expect(rendered.headers).toEqual({ authorization: 'Bearer tok/en+1' });
    expect(rendered.body).toBeUndefined();
  });

  it('should keep the type of a value that is a whole body string, and interpolate the others', () => {
    const rendered = renderRequest(
      {
        method: 'POST',
        url: 'https://crm.example.com/notes',
        headers: {},
        bodyTemplate: {
          count: '{{input.count}}',
          tags: '{{input.tags}}',
          text: 'Note: {{input.text}}',
          nested: ['{{ input.deep.value }}'],
        },
      },
      { count: 3, tags: ['a', 'b'], text: 'hello', deep: { value: true } },
      secrets,
    );

    expect(JSON.parse(rendered.body ?? '')).toEqual({
      count: 3,
      tags: ['a', 'b'],
      text: 'Note: hello',
      nested: [true],
    });
    expect(rendered.headers['content-type']).toBe('application/json');
  });

  it('should fill a missing optional input with nothing', () => {
    const rendered = renderRequest(
      { method: 'GET', url: 'https://crm.example.com/search?q={{input.q}}', headers: {} },
      {},
      secrets,
    );

    expect(rendered.url).toBe('https://crm.example.com/search?q=');
  });
});
