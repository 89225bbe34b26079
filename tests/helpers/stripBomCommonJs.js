// strip-bom is ESM-only, which Jest on Node 20 cannot require (Node itself can). Same behaviour, CommonJS.
module.exports = function stripBom(string) {
  if (typeof string !== 'string') throw new TypeError(`Expected a string, got ${typeof string}`);
  return string.charCodeAt(0) === 0xfeff ? string.slice(1) : string;
};
module.exports.default = module.exports;
