import { ENTITY_TYPES, parseEntityType, type EntityType } from '../domain/entity-types.js';
import { CliError, EXIT } from './exit-codes.js';

export function entityArg(name: string): EntityType {
  const entity = parseEntityType(name);
  if (!entity) throw new CliError(`"${name}" is not an entity: use one of ${ENTITY_TYPES.map((t) => `${t}s`).join(', ')}`, EXIT.usage);
  return entity;
}

export function entityOrAll(name: string): EntityType | 'all' {
  return name === 'all' ? 'all' : entityArg(name);
}
