// Loads every command module; each registers itself. One import per command file.
import './commands/version';
import './commands/save';
import './commands/load';
import './commands/lint';
