import { describe, expect, it } from '@jest/globals';
import { NOTIFICATION_KINDS } from './notification-kind.js';
import { checkTemplateSet, loadTemplateSet, placeholdersOf, renderText, TEMPLATE_PLACEHOLDERS } from './notification-templates.js';

describe('notification templates', () => {
  it.each(['fr', 'en'] as const)('config/notifications/%s.json has every kind, with known placeholders only', (locale) => {
    const set = loadTemplateSet(locale);
    expect(Object.keys(set.templates).sort()).toEqual([...NOTIFICATION_KINDS].sort());
    for (const kind of NOTIFICATION_KINDS) {
      const used = [...placeholdersOf(set.templates[kind].title), ...placeholdersOf(set.templates[kind].body)];
      for (const name of used) expect(['name', ...TEMPLATE_PLACEHOLDERS[kind]]).toContain(name);
    }
  });

  it('the French templates greet the person and are in French', () => {
    const { templates } = loadTemplateSet('fr');
    for (const kind of NOTIFICATION_KINDS) expect(templates[kind].body.startsWith('Bonjour {{name}},')).toBe(true);
    expect(templates.booking_reminder.title).toBe('Rappel : {{machine}} {{delay}}');
  });

  it('substitutes {{placeholders}}, tolerating spaces; a missing value renders as nothing', () => {
    expect(renderText('Bonjour {{name}}, {{ machine }} est {{status}}.', { name: 'Inès', machine: 'la laser' })).toBe(
      'Bonjour Inès, la laser est .',
    );
    expect(renderText('{{count}} jeunes', { count: 12 })).toBe('12 jeunes');
  });

  it('refuses a document with a missing kind or an unknown placeholder', () => {
    const { templates, labels } = loadTemplateSet('fr');
    const { booking_reminder: _dropped, ...rest } = templates;
    expect(checkTemplateSet({ templates: rest, labels })).toEqual(['templates.booking_reminder needs a title and a body']);
    expect(
      checkTemplateSet({ templates: { ...templates, machine_back: { title: '{{machine}}', body: '{{firstName}}' } }, labels }),
    ).toEqual(['templates.machine_back uses unknown placeholder {{firstName}}']);
    expect(checkTemplateSet({ templates, labels: {} })).toHaveLength(3);
    expect(checkTemplateSet(null)).toHaveLength(1);
  });
});
