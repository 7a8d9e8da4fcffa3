import { type Directory, DirectoryError, parseDirectory } from '../hotline/index.js';
import { readJsonFile } from './read-json-file.js';

export function loadDirectory(file: string): Directory {
  return parseDirectory(readJsonFile(file, DirectoryError), file);
}
