// Loads every command module; each registers itself. One import per command file.
import './commands/version';
import './commands/save';
import './commands/load';
import './commands/lint';
import './commands/pull';
import './commands/push';
import './commands/login';
import './commands/logout';
import './commands/search';
import './commands/catalog';
import './commands/tags';
