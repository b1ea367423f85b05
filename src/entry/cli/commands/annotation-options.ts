import os from 'node:os';
import {
  AnnotationEditError,
  type AnnotationType,
  annotationTypeSchema,
  annotationTypes,
  InvalidAnnotationError,
} from '../../../formats/index.js';
import { AnnotationRejectedError } from '../../../usecases/annotations/annotation-checks.js';
import { UsageError } from '../exit-codes.js';

/** The author of a linguist's changes when `--author` is not given: the OS user. */
export function defaultAuthor(): string {
  return os.userInfo().username;
}

/** An annotation type option value, or a usage error listing the types. */
export function annotationTypeOption(value: string, option: string): AnnotationType {
  const parsed = annotationTypeSchema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(
      `${option}: "${value}" is not an annotation type (${annotationTypes.join(', ')})`,
    );
  }
  return parsed.data;
}

/** `a,b` -> annotation types. */
export function annotationTypesOption(value: string, option: string): AnnotationType[] {
  return value
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean)
    .map((type) => annotationTypeOption(type, option));
}

/** `--tier-type gestures=note --tier-type notes=skip` -> the type per tier (`null` skips it). */
export function tierTypesOption(values: readonly string[]): Record<string, AnnotationType | null> {
  const types: Record<string, AnnotationType | null> = {};
  for (const value of values) {
    const separator = value.lastIndexOf('=');
    const tier = value.slice(0, separator);
    const type = value.slice(separator + 1);
    if (separator <= 0 || type === '')
      throw new UsageError(`--tier-type: "${value}" is not <tier>=<type> (or <tier>=skip)`);
    types[tier] = type === 'skip' ? null : annotationTypeOption(type, '--tier-type');
  }
  return types;
}

/** Seconds as people write them (`12.5`) -> whole milliseconds. */
export function secondsOption(value: string, option: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0)
    throw new UsageError(`${option}: "${value}" is not a number of seconds ≥ 0`);
  return Math.round(seconds * 1000);
}

/** A whole number ≥ 1, e.g. a page. */
export function positiveIntegerOption(value: string, option: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
    throw new UsageError(`${option}: "${value}" is not a whole number ≥ 1`);
  return Number(value);
}

/** `x,y,width,height` in pixels. */
export function regionOption(value: string): {
  x: number;
  y: number;
  width: number;
  height: number;
} {
  const parts = value.split(',').map((part) => Number(part.trim()));
  const [x, y, width, height] = parts;
  if (
    parts.length !== 4 ||
    x === undefined ||
    y === undefined ||
    width === undefined ||
    height === undefined ||
    parts.some((part) => !Number.isFinite(part) || part < 0)
  ) {
    throw new UsageError(`--region: "${value}" is not x,y,width,height in pixels`);
  }
  return { x, y, width, height };
}

/** Errors in what the user gave (a bad annotation, a bad edit) become usage errors (exit 2). */
export function asUsageError(error: unknown): unknown {
  if (
    error instanceof InvalidAnnotationError ||
    error instanceof AnnotationRejectedError ||
    error instanceof AnnotationEditError
  ) {
    return new UsageError(error.message);
  }
  return error;
}
