import { describe, expect, it } from 'vitest';
import {
  acceptFromHost,
  acceptFromWidget,
  expectedEmbedderOrigin,
  originOf,
} from '../../src/embed/protocol/origins';

describe('originOf', () => {
  it('serialises http(s) origins and refuses other schemes', () => {
    expect(originOf('https://a.example:443/x?y')).toBe('https://a.example');
    expect(originOf('/app/', 'http://127.0.0.1:4910/page')).toBe('http://127.0.0.1:4910');
    expect(originOf('javascript:alert(1)')).toBeNull();
    expect(originOf('data:text/html,x')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});

describe('expectedEmbedderOrigin', () => {
  const none = { hostParam: null, ancestorOrigin: null, referrer: '' };
  it('prefers the browser-reported ancestor origin', () => {
    expect(
      expectedEmbedderOrigin({
        ...none,
        ancestorOrigin: 'http://localhost:4911',
        referrer: 'http://x.example/',
      }),
    ).toBe('http://localhost:4911');
  });
  it('refuses a host parameter that contradicts the real parent', () => {
    expect(
      expectedEmbedderOrigin({
        ...none,
        hostParam: 'https://evil.example',
        ancestorOrigin: 'https://docs.example',
      }),
    ).toBeNull();
  });
  it('falls back to the host parameter, then the referrer, else unknown', () => {
    expect(expectedEmbedderOrigin({ ...none, hostParam: 'https://docs.example' })).toBe(
      'https://docs.example',
    );
    expect(expectedEmbedderOrigin({ ...none, referrer: 'https://docs.example/page' })).toBe(
      'https://docs.example',
    );
    expect(expectedEmbedderOrigin(none)).toBeNull();
  });
});

describe('accept checks', () => {
  const parent = {};
  const other = {};
  it('widget accepts only its parent window at the expected origin', () => {
    expect(
      acceptFromHost({ origin: 'https://h.example', source: parent }, parent, 'https://h.example'),
    ).toBe(true);
    expect(
      acceptFromHost(
        { origin: 'https://evil.example', source: parent },
        parent,
        'https://h.example',
      ),
    ).toBe(false);
    expect(
      acceptFromHost({ origin: 'https://h.example', source: other }, parent, 'https://h.example'),
    ).toBe(false);
    expect(acceptFromHost({ origin: 'https://h.example', source: parent }, parent, null)).toBe(
      false,
    );
  });
  it('host accepts only the widget window at the widget origin', () => {
    const w = {};
    expect(
      acceptFromWidget({ origin: 'https://w.example', source: w }, w, 'https://w.example'),
    ).toBe(true);
    expect(
      acceptFromWidget({ origin: 'https://w.example', source: other }, w, 'https://w.example'),
    ).toBe(false);
    expect(
      acceptFromWidget({ origin: 'https://x.example', source: w }, w, 'https://w.example'),
    ).toBe(false);
    expect(acceptFromWidget({ origin: 'null', source: null }, null, 'https://w.example')).toBe(
      false,
    );
  });
});
