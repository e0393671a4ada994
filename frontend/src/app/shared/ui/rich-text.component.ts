import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

type Block = { kind: 'h'; text: string } | { kind: 'p'; lines: string[] } | { kind: 'ul'; items: string[] };

/** Renders the plain-text format of imprints and privacy statements (## headings, - lists)
 * through templates only, never as HTML: text from a centre can never inject markup. */
export function parseRichText(text: string): Block[] {
  return text
    .split(/\n{2,}/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk): Block => {
      if (chunk.startsWith('## ')) return { kind: 'h', text: chunk.slice(3).trim() };
      const lines = chunk.split('\n').map((l) => l.trim());
      if (lines.every((l) => l.startsWith('- '))) return { kind: 'ul', items: lines.map((l) => l.slice(2)) };
      return { kind: 'p', lines };
    });
}

@Component({
  selector: 'bd-rich-text',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (block of blocks(); track $index) {
      @switch (block.kind) {
        @case ('h') { <h2>{{ block.text }}</h2> }
        @case ('ul') {
          <ul>@for (item of block.items; track $index) { <li>{{ item }}</li> }</ul>
        }
        @case ('p') {
          <p>@for (line of block.lines; track $index; let last = $last) { {{ line }}@if (!last) { <br /> } }</p>
        }
      }
    }
  `,
})
export class RichTextComponent {
  readonly text = input.required<string>();
  protected readonly blocks = computed(() => parseRichText(this.text()));
}
