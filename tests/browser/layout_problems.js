// What a person would see as broken on the page as it is now, one line per problem
// (evaluated by tests/browser/layout.py; never served by the site):
// - the page scrolls sideways, or a visible element's right edge is beyond the viewport
//   (unless a box that clips or scrolls it ends inside the viewport);
// - a box hides part of its own content (text cut off);
// - a select or a placeholder shows its text cut;
// - two controls (links, buttons, fields) overlap;
// - chart text (SVG) drawn below 13 px, or running out of its picture.
// Visually hidden text (a 1 px box: screen-reader text, the honeypot) and the skip link are
// skipped.
() => {
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '')
    + ` "${(el.tagName === 'SELECT' ? '' : el.innerText ?? el.textContent).trim().slice(0, 40)
      || el.value || ''}"`;
  const clips = (style) => style.overflowX !== 'visible';
  const hidden = (el, style) => style.visibility === 'hidden' || el.clientWidth === 1
    || el.closest('.visually-hidden, .skip-link');
  const problems = [];

  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width) problems.push(`the page is ${scrollWidth}px wide in ${width}px`);
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const style = getComputedStyle(el);
    if (hidden(el, style)) continue;
    if (clips(style) && style.overflowX !== 'auto' && style.overflowX !== 'scroll'
        && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${name(el)} cuts off its content: ${el.scrollWidth}px in ${el.clientWidth}px`);
    }
    if (box.right <= width + 0.5) continue;
    let parent = el.parentElement;
    while (parent && parent !== document.body && !clips(getComputedStyle(parent))) {
      parent = parent.parentElement;
    }
    if (parent && parent !== document.body && parent.getBoundingClientRect().right <= width + 0.5) {
      continue;
    }
    problems.push(`${name(el)} reaches ${Math.round(box.right)}px of ${width}px`);
  }

  const context = document.createElement('canvas').getContext('2d');
  for (const field of document.querySelectorAll('select, input[placeholder]')) {
    const text = field.tagName === 'SELECT' ? field.selectedOptions[0]?.text : field.placeholder;
    const style = getComputedStyle(field);
    if (!text || !field.clientWidth) continue;
    context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (context.measureText(text).width > room + 0.5) {
      problems.push(`${name(field)} cuts "${text}"`);
    }
  }

  // Controls by their line boxes (a link that wraps has one box per line), so only real
  // overlaps count; a control inside another (a field in its label) is no overlap.
  const controls = [...document.querySelectorAll('a[href], button, input, select, textarea')]
    .filter((el) => el.type !== 'hidden' && !hidden(el, getComputedStyle(el)))
    .map((el) => ({ el, boxes: [...el.getClientRects()].filter((r) => r.width && r.height) }))
    .filter((control) => control.boxes.length);
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  controls.forEach((first, index) => {
    for (const second of controls.slice(index + 1)) {
      if (first.el.contains(second.el) || second.el.contains(first.el)) continue;
      if (first.boxes.some((a) => second.boxes.some((b) => overlap(a, b)))) {
        problems.push(`${name(first.el)} overlaps ${name(second.el)}`);
      }
    }
  });

  for (const text of document.querySelectorAll('svg text')) {
    const svg = text.ownerSVGElement;
    const size = parseFloat(getComputedStyle(text).fontSize) * svg.getScreenCTM().a;
    if (size < 13) problems.push(`${name(text)} is drawn at ${size.toFixed(1)}px`);
    if (text.getBoundingClientRect().right > svg.getBoundingClientRect().right + 0.5) {
      problems.push(`${name(text)} is cut off by its picture`);
    }
  }
  return problems;
}
