// The resume document model on Yjs, shared by server, client and tests: schema, JSON Resume
// conversion, typed reading and editing, text extraction, the template catalogue and the page layout.

export {
  RESUME_SCHEMA,
  SECTION_NAMES,
  ARRAY_SECTION_NAMES,
  RESUME_MAP,
  SETTINGS_MAP,
  JOB_DESCRIPTION_TEXT,
  BASICS_ITEM_ID,
  isSectionName,
  isArraySectionName,
  isListName,
  sectionTitle,
  listFields,
  type FieldSpec,
  type Fields,
  type SectionName,
  type ArraySectionName,
  type ListName,
  type ItemJson,
  type FieldName,
  type TextFieldName,
  type TextListFieldName,
  type JsonResume,
  type JsonResumeBasics,
  type JsonResumeMeta,
} from './schema.ts';
export type { JsonValue, JsonObject } from './json.ts';
export { CollabError, type CollabErrorCode } from './errors.ts';
export { newItemId } from './ids.ts';
export { createResumeDoc, importJsonResume, exportJsonResume, isItemHidden, type JsonResumeInput, type ExportOptions } from './jsonresume.ts';
export { jsonResumeInput } from './input.ts';
export {
  getResumeMap,
  getSettingsMap,
  getJobDescriptionText,
  getBasics,
  getLocation,
  getList,
  getItems,
  getItem,
  listItems,
  itemIdOf,
  getText,
  readText,
  ensureText,
  getTextList,
  readTextList,
  ensureTextList,
  findFieldText,
  type ResumeItem,
} from './document.ts';
export {
  addItem,
  removeItem,
  setItemHidden,
  moveItem,
  setText,
  replaceText,
  insertTextEntry,
  setTextEntry,
  removeTextEntry,
  moveTextEntry,
  ensureList,
  ensureBasics,
} from './edit.ts';
export {
  readSettings,
  getTemplate,
  setTemplate,
  getSectionOrder,
  setSectionOrder,
  moveSection,
  getHiddenSections,
  isSectionHidden,
  setSectionHidden,
  getJobDescription,
  setJobDescription,
  type ResumeSettings,
  type ResumeSettingsInit,
} from './settings.ts';
export { normalizeResumeDoc } from './normalize.ts';
export {
  extractText,
  locate,
  type ExtractedResume,
  type ExtractedSection,
  type ExtractedItem,
  type ExtractedField,
  type TextLocation,
} from './text.ts';
export {
  TEMPLATES,
  DEFAULT_TEMPLATE,
  DEFAULT_SECTION_ORDER,
  isTemplateId,
  getTemplateById,
  type ResumeTemplate,
  type TemplateId,
} from './templates.ts';
export {
  layoutResume,
  readingOrder,
  type ResumeLayout,
  type LayoutSettings,
  type LayoutHeader,
  type LayoutContact,
  type ContactKind,
  type LayoutSection,
  type LayoutSectionName,
  type SectionDisplay,
  type LayoutItem,
  type LayoutDetail,
} from './layout.ts';
export { formatDate, formatDateRange, PRESENT, RANGE_SEPARATOR } from './dates.ts';
export {
  spanAnchor,
  resolveAnchor,
  fieldText,
  findField,
  anchorItem,
  isEncodedPosition,
  type Anchor,
  type SpanAnchor,
  type ItemAnchor,
  type AnchorList,
  type FieldRef,
  type ResolvedAnchor,
} from './anchors.ts';
export { restoreResumeDoc } from './restore.ts';
export {
  compareResumeDocs,
  sameResumeContent,
  wordDiff,
  type ResumeComparison,
  type SectionComparison,
  type ItemComparison,
  type FieldComparison,
  type EntryComparison,
  type SettingsComparison,
  type DiffPart,
  type ChangeStatus,
} from './compare.ts';
