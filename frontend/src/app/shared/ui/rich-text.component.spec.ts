import { TestBed } from '@angular/core/testing';

import { parseRichText, RichTextComponent } from './rich-text.component';

describe('rich text', () => {
  it('parses headings, lists and paragraphs', () => {
    expect(parseRichText('## Titel\n\nZeile 1\nZeile 2\n\n- a\n- b')).toEqual([
      { kind: 'h', text: 'Titel' },
      { kind: 'p', lines: ['Zeile 1', 'Zeile 2'] },
      { kind: 'ul', items: ['a', 'b'] },
    ]);
  });

  it('never renders markup from the text', async () => {
    const fixture = TestBed.createComponent(RichTextComponent);
    fixture.componentRef.setInput('text', '<img src=x onerror=alert(1)>\n\n## <b>fett</b>');
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('b')).toBeNull();
    expect(el.querySelector('h2')?.textContent).toBe('<b>fett</b>');
  });
});
