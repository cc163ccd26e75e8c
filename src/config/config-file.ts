/** The course's configuration file, at the root of the course folder. */
export const CONFIG_FILE = 'book.yaml';
