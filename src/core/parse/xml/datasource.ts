// One `<datasource>` element → the located model: the Carbon form (`<definition><configuration>`) or the generic one
// (`<properties><property name=…>`), its entries sorted into URL, driver, validation queries, settings and driver
// properties, and the editor that changes them in place.
import type { Datasource, DriverProp, LocatedEntry, PoolSetting, SettingPlacement } from '../../model/types';
import { TEMPLATE_CHAR } from '../../text/templates';
import { familyOf, roleFromXmlName } from '../../knowledge/wso2/knowledge';
import { decodeEntities } from '../jdbcUrl';
import type { XmlContext, XmlDatasourceParts } from './context';
import { createXmlEditor } from './editor';
import { connectionProps, databaseProps, elementEntry, parseUrlEntry, propertyEntry } from './entries';
import { attrNamed, childrenNamed, lastChildNamed, type XmlElement } from './scanner';
import { hasTemplateChar, hasTemplateLogic, templatedAt } from './templated';

/** One datasource's entries, sorted by what they are. */
interface Gathered {
  settings: PoolSetting[];
  containerEntries: LocatedEntry[];
  urls: { el: XmlElement; entry: LocatedEntry }[];
  drivers: LocatedEntry[];
  validationQueries: LocatedEntry[];
  driverProps: DriverProp[];
  dataSourceClass: LocatedEntry | null;
  templatedKeys: boolean;
}

function emptyGathered(): Gathered {
  return { settings: [], containerEntries: [], urls: [], drivers: [], validationQueries: [], driverProps: [], dataSourceClass: null, templatedKeys: false };
}

/** Sort one entry into the datasource's fields by its key. */
function classify(ctx: XmlContext, g: Gathered, el: XmlElement, entry: LocatedEntry, placement: SettingPlacement): void {
  switch (entry.key) {
    case 'url':
      g.urls.push({ el, entry });
      return;
    case 'driverClassName':
      g.drivers.push(entry);
      return;
    case 'validationQuery':
      g.validationQueries.push(entry);
      return;
    case 'username':
    case 'password':
      return;
    default:
      // an explicit literal rather than a spread keeps one object shape (spread copies are slow and large)
      g.settings.push({
        key: entry.key, value: entry.value, keySpan: entry.keySpan, valueSpan: entry.valueSpan, entrySpan: entry.entrySpan,
        style: entry.style, templated: entry.templated, placement,
      });
  }
  if (entry.key === 'connectionProperties') {
    // JAXB calls the setter once per element: a later <connectionProperties> replaces an earlier one
    g.driverProps = g.driverProps.filter((p) => p.source !== 'connectionProperties');
    g.driverProps.push(...connectionProps(ctx, el, entry));
  }
  else if (entry.key === 'dataSourceClassName') g.dataSourceClass = entry;
}

function gatherCarbon(ctx: XmlContext, config: XmlElement): Gathered {
  const g = emptyGathered();
  const dsPropsUrls: { el: XmlElement; entry: LocatedEntry }[] = [];
  for (const kid of config.children) {
    if (kid.name.includes(TEMPLATE_CHAR) || templatedAt(ctx, { start: kid.start + 1, end: kid.nameEnd })) {
      g.templatedKeys = true; // `<{{ name }}>…`: unknown setting
      continue;
    }
    const entry = elementEntry(ctx, kid);
    g.containerEntries.push(entry);
    classify(ctx, g, kid, entry, 'xml-configuration');
    if (kid.name === 'databaseProps') g.driverProps.push(...databaseProps(ctx, kid));
    else if (kid.name === 'dataSourceProps') {
      for (const p of childrenNamed(kid, 'property', true)) {
        const e = propertyEntry(ctx, p);
        if (e && e.key.toLowerCase() === 'url') dsPropsUrls.push({ el: p, entry: e });
      }
    }
  }
  // With dataSourceClassName the URL sits in <dataSourceProps><property name="url">.
  if (g.urls.length === 0) g.urls.push(...dsPropsUrls);
  return g;
}

function gatherGeneric(ctx: XmlContext, holders: XmlElement[], props: XmlElement | null): Gathered {
  const g = emptyGathered();
  const direct = emptyGathered();
  for (const h of holders) {
    for (const kid of h.children) {
      if (kid.name !== 'url' && kid.name !== 'driverClassName' && kid.name !== 'validationQuery') continue;
      classify(ctx, direct, kid, elementEntry(ctx, kid), 'xml-property');
    }
  }
  if (props) {
    for (const kid of childrenNamed(props, 'property', true)) {
      const entry = propertyEntry(ctx, kid);
      if (!entry) {
        if (attrNamed(kid, 'name')) g.templatedKeys = true;
        continue;
      }
      g.containerEntries.push(entry);
      classify(ctx, g, kid, entry, 'xml-property');
      if (entry.key === 'databaseProps') g.driverProps.push(...databaseProps(ctx, kid));
    }
  }
  // Elements written directly in <definition> take precedence over same-named properties.
  if (direct.urls.length) g.urls = direct.urls;
  if (direct.drivers.length) g.drivers = direct.drivers;
  g.validationQueries = [...direct.validationQueries, ...g.validationQueries].sort((a, b) => a.entrySpan.start - b.entrySpan.start);
  return g;
}

function hasNamedProperty(props: XmlElement | null): boolean {
  return !!props && childrenNamed(props, 'property', true).some((p) => attrNamed(p, 'name'));
}

/** The datasource model of one `<datasource>` element; its id is assigned once all names are known. */
export function buildDatasource(ctx: XmlContext, el: XmlElement): Datasource {
  const nameEl = lastChildNamed(el, 'name');
  const nameEntry = nameEl ? elementEntry(ctx, nameEl) : null;
  const jndiNameEl = lastChildNamed(lastChildNamed(el, 'jndiConfig'), 'name');
  const jndiEntry = jndiNameEl ? elementEntry(ctx, jndiNameEl) : null;
  const definition = lastChildNamed(el, 'definition');
  let config = lastChildNamed(definition, 'configuration') ?? lastChildNamed(el, 'configuration');
  // `<% if %><configuration><% else %><configuration><% end %>…</configuration>`: the unclosed outer one holds the
  // branch that really closes; read that one.
  let nested: XmlElement | null;
  while (config && !config.closed && (nested = lastChildNamed(config, 'configuration'))) config = nested;
  const props = config ? null : (lastChildNamed(definition, 'properties', true) ?? lastChildNamed(el, 'properties', true));
  const holders = definition ? [el, definition] : [el];
  const generic = !config && (hasNamedProperty(props) || holders.some((h) => h.children.some((k) => k.name === 'url' || k.name === 'driverClassName')));
  const g = config ? gatherCarbon(ctx, config) : generic ? gatherGeneric(ctx, holders, props) : emptyGathered();
  const format: 'carbon-xml' | 'generic-xml' = generic ? 'generic-xml' : 'carbon-xml';

  const lastUrl = g.urls.length ? g.urls[g.urls.length - 1] : null;
  const url = lastUrl ? parseUrlEntry(ctx, lastUrl.el, lastUrl.entry) : null;
  const urlInCdata = !!lastUrl && lastUrl.entry.style === 'xml-text' && ctx.masked.startsWith('<![CDATA[', lastUrl.entry.valueSpan.start);
  const driver = g.drivers.length ? g.drivers[g.drivers.length - 1] : null;
  const validationQuery = g.validationQueries.length ? g.validationQueries[g.validationQueries.length - 1] : null;
  const driverProps: DriverProp[] = [];
  for (const p of url?.params ?? []) driverProps.push({ name: p.name, value: p.value, source: 'url', span: p.span, valueSpan: p.valueSpan });
  for (const p of g.driverProps) driverProps.push(p);

  let driverClass: string | null = null;
  if (driver && !driver.templated && driver.value) driverClass = driver.value;
  else if (!driver && g.dataSourceClass && !g.dataSourceClass.templated && g.dataSourceClass.value) driverClass = g.dataSourceClass.value;

  const name = nameEntry && nameEntry.value ? nameEntry.value : null;
  const headerSpan = nameEntry && nameEntry.valueSpan.end > nameEntry.valueSpan.start ? nameEntry.valueSpan : { start: el.start, end: el.startTagEnd };
  const span = { start: el.start, end: el.end };
  const templated =
    g.templatedKeys || !!url?.templated || !!nameEntry?.templated || !!jndiEntry?.templated || !!driver?.templated ||
    !!lastUrl?.entry.templated || g.validationQueries.some((e) => e.templated) || g.settings.some((e) => e.templated) ||
    hasTemplateLogic(ctx, span);

  let definitionType = 'RDBMS';
  const typeAttr = definition && !generic ? attrNamed(definition, 'type') : null;
  if (typeAttr && typeAttr.valueStart >= 0 && !hasTemplateChar(ctx, typeAttr.valueStart, typeAttr.valueEnd)) {
    definitionType = decodeEntities(ctx.text.slice(typeAttr.valueStart, typeAttr.valueEnd)).trim() || 'RDBMS';
  }

  const parts: XmlDatasourceParts = {
    ctx, element: el, definition, container: config ?? props, format, containerEntries: g.containerEntries, url, urlInCdata,
    connectionEntries: [lastUrl?.entry, driver, validationQuery].filter((e): e is LocatedEntry => !!e),
  };
  return {
    id: '',
    name,
    jndiName: jndiEntry && jndiEntry.value ? jndiEntry.value : null,
    role: roleFromXmlName(name && !nameEntry?.templated ? name : null),
    format,
    headerSpan,
    span,
    definitionType,
    dbType: null,
    url,
    urlEntry: lastUrl?.entry ?? null,
    urlInferred: false,
    driver,
    driverClass,
    validationQuery,
    validationQueries: g.validationQueries,
    settings: g.settings,
    driverProps,
    family: familyOf(url?.subprotocol || null, driverClass, null),
    templated,
    edit: createXmlEditor(parts, { driverProps, settings: g.settings }),
    poolOptionsHeaderSpan: null,
  };
}
