/**
 * Forms as XLSForm-style sheets: every declared form converts to sheets and back to an equal
 * declaration, and a workbook whose shape is wrong is refused at the cell that is wrong.
 */
import { describe, expect, it } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import { DECLARATIONS } from '../../forms/registry.js';
import { declarationToSheets, sheetsToDeclaration, type Sheets } from '../../forms/xlsform.js';

const definitions = DECLARATIONS.map((decl) => compileForm(decl).definition());

const sheetsOf = (id: string) => declarationToSheets(definitions.find((d) => d.id === id)!);
const issuesOf = (sheets: Sheets) => {
  const read = sheetsToDeclaration(sheets);
  return read.ok ? [] : read.issues.map((i) => i.path);
};

describe('declarations as sheets', () => {
  it.each(definitions.map((d) => [d.id, d] as const))('converts %s to sheets and back to an equal declaration', (_id, definition) => {
    const read = sheetsToDeclaration(declarationToSheets(definition));
    expect(read.ok && read.declaration).toEqual(definition);
  });

  it('writes a section as begin group … end group and a repeating group as begin repeat … end repeat', () => {
    const types = sheetsOf('union-registration').survey.map((row) => row.type);
    expect(types[0]).toBe('begin group');
    expect(types.filter((t) => t === 'begin group').length).toBe(types.filter((t) => t === 'end group').length);
    expect(types).toContain('begin repeat');
    expect(types.indexOf('end repeat')).toBeGreaterThan(types.indexOf('begin repeat'));
  });

  it('writes a choice field as select_one with its options in choices, labels in two language columns', () => {
    const sheets = sheetsOf('union-registration');
    const choice = sheets.survey.find((row) => String(row.type).startsWith('select_one '))!;
    const list = String(choice.type).slice('select_one '.length);
    const options = sheets.choices.filter((row) => row.list_name === list);
    expect(options.length).toBeGreaterThan(1);
    for (const option of options) expect(Object.keys(option)).toEqual(expect.arrayContaining(['value', 'label::zh', 'label::en']));
  });

  it('uses XLSForm’s column names: name, hint, relevant, calculation, form_id', () => {
    const sheets = sheetsOf('home-assessment');
    const columns = new Set(sheets.survey.flatMap((row) => Object.keys(row)));
    expect([...columns]).toEqual(expect.arrayContaining(['type', 'name', 'label::zh', 'label::en', 'hint::zh', 'calculation']));
    expect(Object.keys(sheets.settings[0])).toEqual(expect.arrayContaining(['form_id', 'version', 'title::zh', 'title::en']));
    expect(sheets.survey.filter((row) => row.type === 'calculate').length).toBe(definitions.find((d) => d.id === 'home-assessment')!.computed.length);
  });

  it('keeps text that reads like JSON as text', () => {
    const definition = structuredClone(definitions.find((d) => d.id === 'fund-query')!);
    definition.example = { ...definition.example, question: '[注] {前面的问题}' };
    const read = sheetsToDeclaration(declarationToSheets(definition));
    expect(read.ok && read.declaration.example).toMatchObject({ question: '[注] {前面的问题}' });
  });
});

describe('a workbook in the wrong shape', () => {
  const edited = (change: (sheets: Sheets) => void) => {
    const sheets = structuredClone(sheetsOf('union-registration'));
    change(sheets);
    return issuesOf(sheets);
  };

  it('leaves an unknown type to the compiler, and points its issue back at the cell', () => {
    const sheets = structuredClone(sheetsOf('union-registration'));
    sheets.survey[1].type = 'txet';
    const read = sheetsToDeclaration(sheets);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(() => compileForm(read.declaration as never)).toThrow(/txet/);
    expect(read.locate('sections.0.fields.0.type')).toEqual({ sheet: 'survey', row: 3, column: 'type' });
    expect(read.locate('sections.0.fields.0.label.en')).toEqual({ sheet: 'survey', row: 3, column: 'label::zh' });
    expect(read.locate('sections.0.fields.0.nothing.here')).toEqual({ sheet: 'survey', row: 3 });
  });

  it('points paths of rules, computed values, params and the example at their rows', () => {
    const read = sheetsToDeclaration(sheetsOf('home-assessment'));
    if (!read.ok) throw new Error('unreadable');
    expect(read.locate('rules.0.when')).toEqual({ sheet: 'rules', row: 2, column: 'relevant' });
    expect(read.locate('computed.1.expr')).toMatchObject({ sheet: 'survey', column: 'calculation' });
    expect(read.locate('params.modelMinTotal.value')).toMatchObject({ sheet: 'params', column: 'value' });
    expect(read.locate('example.year')).toMatchObject({ sheet: 'example', column: 'value' });
  });

  it('names a select_one whose list is not in choices', () => {
    const at = sheetsOf('union-registration').survey.findIndex((row) => String(row.type).startsWith('select_one '));
    expect(edited((s) => (s.survey[at].type = 'select_one nowhere'))).toEqual([`survey!type${at + 2}`]);
  });

  it('names a label given in one language only', () => {
    expect(edited((s) => delete s.survey[1]['label::en'])).toEqual(['survey!label::en3']);
  });

  it('names a cell of JSON that does not parse', () => {
    const at = sheetsOf('union-registration').survey.findIndex((row) => typeof row.relevant === 'string');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(edited((s) => (s.survey[at].relevant = '{"field": '))).toEqual([`survey!relevant${at + 2}`]);
  });

  it('names a group left open and an end without a begin', () => {
    const survey = sheetsOf('union-registration').survey;
    const firstEnd = survey.findIndex((row) => row.type === 'end group');
    // The first section is not closed, so the second one's begin is inside it.
    expect(edited((s) => s.survey.splice(firstEnd, 1))).toEqual([`survey!type${firstEnd + 2}`]);
    expect(edited((s) => s.survey.unshift({ type: 'end repeat' }))).toEqual(['survey!type2']);
    const lastEnd = survey.map((r) => r.type).lastIndexOf('end group');
    expect(edited((s) => s.survey.splice(lastEnd, 1))).toContain(`survey!type${survey.map((r) => r.type).lastIndexOf('begin group') + 2}`);
  });

  it('names a field outside every group', () => {
    expect(edited((s) => s.survey.unshift({ type: 'text', name: 'x', 'label::zh': '甲', 'label::en': 'A' }))).toContain('survey!type2');
  });

  it('refuses a yes/no column holding anything else', () => {
    const at = sheetsOf('union-registration').survey.findIndex((row) => row.required === true);
    expect(edited((s) => (s.survey[at].required = 'maybe'))).toEqual([`survey!required${at + 2}`]);
  });

  it('reads yes, no, 是 and 否 in a yes/no column', () => {
    const sheets = structuredClone(sheetsOf('union-registration'));
    const at = sheets.survey.findIndex((row) => row.required === true);
    for (const [cell, value] of [['yes', true], ['是', true], ['no', false], ['否', false]] as const) {
      sheets.survey[at].required = cell;
      const read = sheetsToDeclaration(sheets);
      const fields = read.ok ? (read.declaration.sections as { fields: { key: string; required?: boolean }[] }[]).flatMap((s) => s.fields) : [];
      expect(fields.find((f) => f.key === sheets.survey[at].name)?.required).toBe(value);
    }
  });

  it('refuses a workbook without settings or survey', () => {
    expect(issuesOf({ survey: [] })).toEqual(['settings', 'survey']);
  });

  it('skips blank rows and keeps the numbers of the rows after them', () => {
    expect(edited((s) => s.survey.splice(1, 0, {}, { name: 'untyped' }))).toEqual(['survey!type4']);
  });
});
