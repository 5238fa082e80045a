// spdx-expression-parse ships no types: it throws on a string that is not an SPDX expression.
declare module "spdx-expression-parse" {
  function parse(expression: string): unknown;
  export default parse;
}
