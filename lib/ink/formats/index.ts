/**
 * Ink import/export formats. Everything here is pure and runs in Node and the browser;
 * file access with gzip lives in ./dataset-jsonl-node (Node only).
 */
export { InkFormatError, type FormatIssue } from "./format-error";
export type { InkSample } from "./ink-sample";
export { DatasetRecordSchema, DatasetPointSchema, type DatasetRecord } from "./dataset-record-schema";
export { parseDatasetJsonlLine, type DatasetRecordResult } from "./dataset-jsonl-parse-line";
export { readDatasetJsonl, readDatasetJsonlLines } from "./dataset-jsonl-read";
export { writeDatasetJsonl, writeDatasetJsonlLine } from "./dataset-jsonl-write";
export { readInkml } from "./inkml/read-inkml";
export { readInkmlItems, type InkmlItemResult } from "./inkml/read-inkml-items";
export { writeInkml, writeInkmlItems } from "./inkml/write-inkml";
export { INKML_NAMESPACE } from "./inkml/inkml-trace-format";
export { readIamOnDbXml } from "./iam/read-iam-ondb";
export { writeIamOnDbXml } from "./iam/write-iam-ondb";
export { parseXml } from "./xml/parse-xml";
export { XmlSyntaxError, type XmlElement, type XmlText } from "./xml/xml-tree";
