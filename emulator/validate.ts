// AWS's parameter validation messages: each failed constraint becomes one
// "Value 'x' at 'field' failed to satisfy constraint: Member must ..." clause, and all of a
// call's clauses go into one ValidationError ("2 validation errors detected: ...; ...").
import { AwsError, validationError } from "./errors";

export class Checks {
  private readonly failures: string[] = [];

  private fail(value: string | undefined, field: string, rule: string): void {
    const shown = value === undefined ? "null" : `'${value}'`;
    this.failures.push(`Value ${shown} at '${field}' failed to satisfy constraint: Member must ${rule}`);
  }

  required(value: string | null, field: string): value is string {
    if (value === null) this.fail(undefined, field, "not be null");
    return value !== null;
  }

  length(value: string | null, field: string, min: number, max: number): void {
    if (value === null) return;
    if (value.length < min) this.fail(value, field, `have length greater than or equal to ${min}`);
    if (value.length > max) this.fail(value, field, `have length less than or equal to ${max}`);
  }

  pattern(value: string | null, field: string, source: string): void {
    if (value !== null && !new RegExp(`^(?:${source})$`, "u").test(value)) this.fail(value, field, `satisfy regular expression pattern: ${source}`);
  }

  /** A value outside an enum, in AWS's wording ("Member must satisfy enum value set: [A, B]"). */
  enumeration(value: string, field: string, allowed: string[]): void {
    this.fail(value, field, `satisfy enum value set: [${allowed.join(", ")}]`);
  }

  /** An optional integer parameter; returns it, or `fallback` when absent. */
  integer(value: string | null, field: string, min: number, max: number, fallback: number): number {
    if (value === null) return fallback;
    const n = /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (Number.isNaN(n)) {
      this.failures.push(`Value '${value}' at '${field}' failed to satisfy constraint: Member must be an integer`);
      return fallback;
    }
    if (n < min) this.fail(value, field, `have value greater than or equal to ${min}`);
    if (n > max) this.fail(value, field, `have value less than or equal to ${max}`);
    return n;
  }

  /** Throws the combined ValidationError when any check failed. */
  done(): void {
    const n = this.failures.length;
    if (n === 0) return;
    throw validationError(`${n} validation error${n === 1 ? "" : "s"} detected: ${this.failures.join("; ")}`);
  }
}

export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}
