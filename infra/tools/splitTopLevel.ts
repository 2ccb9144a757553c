/**
 * Splits HCL expression text on a separator that is not nested in brackets, braces,
 * parentheses or strings: the arguments of a function call, the items of a list.
 *
 * @example
 * splitTopLevel('var.a, { b = [1, 2] }, "x,y"', ','); // ['var.a', '{ b = [1, 2] }', '"x,y"']
 */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
      else if (char === '$' && text[index + 1] === '{') {
        // An interpolation inside a string: skip to its closing brace.
        let nested = 0;
        for (index += 1; index < text.length; index++) {
          if (text[index] === '{') nested++;
          else if (text[index] === '}' && --nested === 0) break;
        }
      }
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') depth--;
    else if (depth === 0 && char === separator) {
      parts.push(text.slice(start, index).trim());
      start = index + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last !== '') parts.push(last);
  return parts;
}
