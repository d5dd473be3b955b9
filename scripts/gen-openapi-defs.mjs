#!/usr/bin/env node
// Generates dist/generated/openapi-defs.json: structural schemas of every
// built-in type, keyed by upstream OpenAPI definition names
// (`io.k8s.api.core.v1.Pod`). Source: the `kubernetes-types` declarations
// (interfaces, optionality, JSDoc descriptions), parsed with the TypeScript
// compiler API, plus scripts/openapi-field-facts.json: per-field facts that
// TypeScript cannot express (integer widths, byte strings, defaults, patch
// strategies, merge keys, list and map types).
//
// The output is Skiff's internal structural form: Quantity and IntOrString are
// `x-kubernetes-int-or-string`, opaque values preserve unknown fields. The
// OpenAPI v2/v3 document builders turn these into what upstream publishes.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const typesDir = join(root, 'node_modules', 'kubernetes-types');
const factsFile = join(root, 'scripts', 'openapi-field-facts.json');
const outFile = join(root, 'dist', 'generated', 'openapi-defs.json');

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

class GeneratorError extends Error {
  constructor(where, msg) {
    super(`${where}: ${msg}`);
    this.name = 'GeneratorError';
  }
}

/** Definition-name prefix for a declaration file, relative to kubernetes-types (no extension). */
function prefixFor(rel) {
  const p = rel.split(sep).join('/');
  const fixed = {
    runtime: 'io.k8s.apimachinery.pkg.runtime',
    version: 'io.k8s.apimachinery.pkg.version',
    'api/resource': 'io.k8s.apimachinery.pkg.api.resource',
    'meta/v1': META,
    'apiextensions/v1': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1',
  };
  if (fixed[p]) return fixed[p];
  const m = /^([a-z0-9]+)\/(v[0-9a-z]+)$/.exec(p);
  if (!m) throw new GeneratorError(p, 'unexpected declaration file');
  return `io.k8s.api.${m[1]}.${m[2]}`;
}

function listDeclarations(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listDeclarations(full));
    else if (name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function docOf(node) {
  const parts = [];
  for (const d of ts.getJSDocCommentsAndTags(node)) {
    if (ts.isJSDoc(d) && d.comment) parts.push(ts.getTextOfJSDocComment(d.comment) ?? '');
  }
  const text = parts.join('\n\n').trim();
  return text || undefined;
}

function propName(name) {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  throw new GeneratorError('property', `unsupported property name kind ${ts.SyntaxKind[name.kind]}`);
}

/** Converts declarations of one file into definitions. */
class FileConverter {
  constructor(file, defs, gvks) {
    this.file = file;
    this.rel = relative(typesDir, file).replace(/\.d\.ts$/, '');
    this.prefix = prefixFor(this.rel);
    this.defs = defs;
    this.gvks = gvks;
    this.source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    this.imports = new Map();
  }

  run() {
    for (const st of this.source.statements) {
      if (ts.isImportDeclaration(st)) this.addImport(st);
    }
    for (const st of this.source.statements) {
      if (ts.isInterfaceDeclaration(st)) this.interfaceDef(st);
      else if (ts.isTypeAliasDeclaration(st)) this.aliasDef(st);
    }
  }

  addImport(st) {
    const spec = st.moduleSpecifier.text;
    const target = resolve(dirname(this.file), spec);
    const prefix = prefixFor(relative(typesDir, target));
    for (const el of st.importClause?.namedBindings?.elements ?? []) {
      this.imports.set(el.name.text, `${prefix}.${(el.propertyName ?? el.name).text}`);
    }
  }

  refName(name) {
    return this.imports.get(name) ?? `${this.prefix}.${name}`;
  }

  where(node) {
    const { line } = this.source.getLineAndCharacterOfPosition(node.getStart());
    return `${this.rel}.d.ts:${line + 1}`;
  }

  interfaceDef(decl) {
    const name = `${this.prefix}.${decl.name.text}`;
    const schema = { type: 'object' };
    const description = docOf(decl);
    if (description) schema.description = description;
    const properties = {};
    const required = [];
    let apiVersion;
    let kind;
    for (const m of decl.members) {
      if (!ts.isPropertySignature(m)) throw new GeneratorError(this.where(m), 'unsupported interface member');
      const pname = propName(m.name);
      const prop = this.typeSchema(m.type);
      const pdesc = docOf(m);
      if (pdesc) prop.description = pdesc;
      properties[pname] = orderKeys(prop);
      if (!m.questionToken) required.push(pname);
      if (pname === 'apiVersion' && m.type && ts.isLiteralTypeNode(m.type)) apiVersion = m.type.literal.text;
      if (pname === 'kind' && m.type && ts.isLiteralTypeNode(m.type)) kind = m.type.literal.text;
    }
    if (Object.keys(properties).length > 0) schema.properties = properties;
    if (required.length > 0) schema.required = required.sort();
    this.defs[name] = schema;
    if (apiVersion && kind && this.prefix !== META) {
      const slash = apiVersion.indexOf('/');
      const gvk = slash < 0
        ? { group: '', kind, version: apiVersion }
        : { group: apiVersion.slice(0, slash), kind, version: apiVersion.slice(slash + 1) };
      this.gvks.set(name, [gvk]);
    }
  }

  aliasDef(decl) {
    const name = `${this.prefix}.${decl.name.text}`;
    const description = docOf(decl);
    let schema;
    if (decl.type.kind === ts.SyntaxKind.StringKeyword) schema = { type: 'string' };
    else if (ts.isUnionTypeNode(decl.type)) schema = { 'x-kubernetes-preserve-unknown-fields': true };
    else throw new GeneratorError(this.where(decl), 'unsupported type alias');
    if (description) schema.description = description;
    this.defs[name] = schema;
  }

  typeSchema(node) {
    if (!node) throw new GeneratorError(this.file, 'property without a type');
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword: return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword: return { type: 'integer', format: 'int32' };
      case ts.SyntaxKind.BooleanKeyword: return { type: 'boolean' };
      default: break;
    }
    if (ts.isLiteralTypeNode(node)) {
      // kubernetes-types pins apiVersion/kind to literals; upstream publishes plain strings.
      if (ts.isStringLiteral(node.literal)) return { type: 'string' };
      throw new GeneratorError(this.where(node), 'unsupported literal type');
    }
    if (ts.isUnionTypeNode(node)) {
      const kinds = node.types.map((t) => t.kind).sort();
      if (kinds.length === 2 && kinds.includes(ts.SyntaxKind.NumberKeyword) && kinds.includes(ts.SyntaxKind.StringKeyword)) {
        return { $ref: `#/definitions/${INT_OR_STRING}` };
      }
      if (node.types.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) {
        return { type: 'string', enum: node.types.map((t) => t.literal.text) };
      }
      throw new GeneratorError(this.where(node), 'unsupported union type');
    }
    if (ts.isArrayTypeNode(node)) return { type: 'array', items: this.typeSchema(node.elementType) };
    if (ts.isTypeLiteralNode(node)) {
      const [member] = node.members;
      if (node.members.length === 1 && ts.isIndexSignatureDeclaration(member)) {
        return { type: 'object', additionalProperties: this.typeSchema(member.type) };
      }
      throw new GeneratorError(this.where(node), 'unsupported type literal');
    }
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText(this.source);
      if (name === 'Array') return { type: 'array', items: this.typeSchema(node.typeArguments?.[0]) };
      return { $ref: `#/definitions/${this.refName(name)}` };
    }
    throw new GeneratorError(this.where(node), `unsupported type ${ts.SyntaxKind[node.kind]}`);
  }
}

const KEY_ORDER = ['$ref', 'description', 'type', 'format'];
/** Stable key order: $ref, description, type, format, then alphabetical. */
function orderKeys(schema) {
  const out = {};
  for (const k of KEY_ORDER) if (k in schema) out[k] = schema[k];
  for (const k of Object.keys(schema).sort()) if (!(k in out)) out[k] = schema[k];
  return out;
}

/** Merges a field fact into a property schema (formats go to the right level). */
function applyFact(prop, fact, where) {
  for (const [k, v] of Object.entries(fact)) {
    if (k === 'format') {
      if (v === 'double' || v === 'float') {
        if (prop.type !== 'integer') throw new GeneratorError(where, `format ${v} on non-number`);
        prop.type = 'number';
      } else if (v === 'byte') {
        if (prop.type !== 'string') throw new GeneratorError(where, 'format byte on non-string');
      } else if (prop.type !== 'integer') {
        throw new GeneratorError(where, `format ${v} on non-integer`);
      }
      prop.format = v;
    } else if (k === 'items' || k === 'additionalProperties') {
      if (!prop[k] || typeof prop[k] !== 'object') throw new GeneratorError(where, `${k} fact on a schema without ${k}`);
      applyFact(prop[k], v, `${where}.${k}`);
    } else {
      prop[k] = v;
    }
  }
}

function applyFacts(defs, facts) {
  for (const [defName, fields] of Object.entries(facts)) {
    if (defName.startsWith('$')) continue; // $comment
    const def = defs[defName];
    if (!def) throw new GeneratorError(defName, 'fact for an unknown definition');
    for (const [field, fact] of Object.entries(fields)) {
      if (field === '') {
        Object.assign(def, fact);
        continue;
      }
      const prop = def.properties?.[field];
      if (!prop) throw new GeneratorError(`${defName}.${field}`, 'fact for an unknown property');
      applyFact(prop, fact, `${defName}.${field}`);
      def.properties[field] = orderKeys(prop);
    }
  }
}

/** Types whose wire form is not what their declaration says. */
function applySpecialTypes(defs) {
  const set = (name, extra) => {
    const description = defs[name]?.description;
    defs[name] = { ...(description ? { description } : {}), ...extra };
  };
  set('io.k8s.apimachinery.pkg.api.resource.Quantity', { 'x-kubernetes-int-or-string': true });
  set(INT_OR_STRING, { 'x-kubernetes-int-or-string': true });
  defs[INT_OR_STRING].description =
    'IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type. This allows you to have, for example, a JSON field that can accept a name or number.';
  set(`${META}.Time`, { type: 'string', format: 'date-time' });
  set(`${META}.MicroTime`, { type: 'string', format: 'date-time' });
  for (const opaque of [`${META}.FieldsV1`, `${META}.Patch`, 'io.k8s.apimachinery.pkg.runtime.RawExtension']) {
    set(opaque, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
  }
  set('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON', { 'x-kubernetes-preserve-unknown-fields': true });
}

/** kubernetes-types omits JSONSchemaProps' `x-kubernetes-*` fields; CRD schemas need them. */
function addJSONSchemaPropsExtensions(def) {
  const p = def.properties;
  p['x-kubernetes-embedded-resource'] = { description: 'x-kubernetes-embedded-resource marks an object as a complete Kubernetes resource (apiVersion, kind, metadata). Requires type: object.', type: 'boolean' };
  p['x-kubernetes-int-or-string'] = { description: 'x-kubernetes-int-or-string accepts either an integer or a string at this place: no type, or anyOf/allOf of integer and string.', type: 'boolean' };
  p['x-kubernetes-list-map-keys'] = { description: 'x-kubernetes-list-map-keys names the fields of the items of a list of type `map` that identify an item. Only with x-kubernetes-list-type `map`; the keys must be scalar, required (or defaulted) fields of the items.', type: 'array', items: { type: 'string' } };
  p['x-kubernetes-list-type'] = { description: 'x-kubernetes-list-type describes a list for merges and server-side apply: `atomic` (replaced as a whole, the default), `set` (unique scalar items) or `map` (items keyed by x-kubernetes-list-map-keys).', type: 'string' };
  p['x-kubernetes-map-type'] = { description: 'x-kubernetes-map-type describes an object for merges and server-side apply: `granular` (fields owned separately, the default) or `atomic` (replaced as a whole).', type: 'string' };
  p['x-kubernetes-preserve-unknown-fields'] = { description: 'x-kubernetes-preserve-unknown-fields stops pruning of fields not given in the schema at this place; it applies recursively, except where a nested schema sets it to false.', type: 'boolean' };
  p['x-kubernetes-validations'] = {
    description: 'x-kubernetes-validations lists CEL validation rules applied to this value.',
    type: 'array',
    items: { $ref: '#/definitions/io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule' },
  };
  const sorted = {};
  for (const k of Object.keys(p).sort()) sorted[k] = p[k];
  def.properties = sorted;
}

/**
 * kubernetes-types drops properties whose upstream description contains the
 * star-slash, which ends a JSDoc comment early. Put them back.
 */
function addDroppedProperties(defs) {
  const strings = (description) => ({ description, type: 'array', items: { type: 'string' } });
  const resources = strings('Resources is a list of resources this rule applies to. \'*\' means all resources; \'pods/*\' means all subresources of pods; \'*/scale\' means the scale subresource of all resources; \'*/*\' means all resources and their subresources.');
  const scope = { description: 'scope specifies the scope of this rule: "Cluster" (cluster-scoped resources only), "Namespaced" (namespace-scoped resources only) or "*" (no restriction, the default).', type: 'string' };
  for (const [defName, props] of Object.entries({
    'io.k8s.api.admissionregistration.v1.RuleWithOperations': { resources, scope },
    'io.k8s.api.admissionregistration.v1.NamedRuleWithOperations': { resources, scope },
    'io.k8s.api.admissionregistration.v1beta1.NamedRuleWithOperations': { resources, scope },
    'io.k8s.api.admissionregistration.v1alpha1.NamedRuleWithOperations': { resources, scope },
    'io.k8s.api.authorization.v1.ResourceRule': {
      resources: strings('Resources is a list of resources this rule applies to. "*" means all in the specified apiGroups; "*/foo" is the subresource \'foo\' of all resources in the specified apiGroups.'),
      verbs: strings('Verb is a list of kubernetes resource API verbs, like: get, list, watch, create, update, delete, proxy. "*" means all.'),
    },
  })) {
    const def = defs[defName];
    if (!def) continue;
    def.properties = { ...(def.properties ?? {}) };
    for (const [name, schema] of Object.entries(props)) if (!def.properties[name]) def.properties[name] = schema;
    const sorted = {};
    for (const k of Object.keys(def.properties).sort()) sorted[k] = def.properties[k];
    def.properties = sorted;
  }
  if (!defs['io.k8s.api.authorization.v1.ResourceRule']?.required?.includes('verbs')) {
    const rr = defs['io.k8s.api.authorization.v1.ResourceRule'];
    if (rr) rr.required = [...(rr.required ?? []), 'verbs'].sort();
  }
}

/** DeleteOptions and WatchEvent are registered in every group version; Status in the core one. */
function addMetaGVKs(gvks) {
  const gvs = new Map([['/v1', { group: '', version: 'v1' }]]);
  for (const list of gvks.values()) for (const g of list) gvs.set(`${g.group}/${g.version}`, { group: g.group, version: g.version });
  const sortedGVs = [...gvs.values()].sort((a, b) => (a.group + '/' + a.version).localeCompare(b.group + '/' + b.version));
  for (const kind of ['DeleteOptions', 'WatchEvent']) {
    gvks.set(`${META}.${kind}`, sortedGVs.map((gv) => ({ group: gv.group, kind, version: gv.version })));
  }
  gvks.set(`${META}.Status`, [{ group: '', kind: 'Status', version: 'v1' }]);
}

function checkRefs(defs) {
  const walk = (s, where) => {
    if (!s || typeof s !== 'object') return;
    if (typeof s.$ref === 'string') {
      const target = s.$ref.replace('#/definitions/', '');
      if (!defs[target]) throw new GeneratorError(where, `dangling reference ${s.$ref}`);
    }
    for (const [k, v] of Object.entries(s)) if (typeof v === 'object' && k !== 'default') walk(v, where);
  };
  for (const [name, def] of Object.entries(defs)) walk(def, name);
}

export function generate() {
  const defs = {};
  const gvks = new Map();
  for (const file of listDeclarations(typesDir)) new FileConverter(file, defs, gvks).run();
  // IntOrString has no declaration in kubernetes-types (it inlines `number | string`).
  defs[INT_OR_STRING] = {};
  addJSONSchemaPropsExtensions(defs['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps']);
  addDroppedProperties(defs);
  if (!process.env.SKIFF_GEN_NO_FACTS) applyFacts(defs, JSON.parse(readFileSync(factsFile, 'utf8')));
  applySpecialTypes(defs);
  addMetaGVKs(gvks);
  for (const [name, list] of gvks) defs[name]['x-kubernetes-group-version-kind'] = list;
  checkRefs(defs);
  const out = {};
  for (const name of Object.keys(defs).sort()) out[name] = orderKeys(defs[name]);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const defs = generate();
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(defs) + '\n');
  process.stderr.write(`[gen-openapi-defs] ${Object.keys(defs).length} definitions -> ${relative(root, outFile)}\n`);
}
