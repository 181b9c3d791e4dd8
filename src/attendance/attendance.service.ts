import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import QRCode from 'qrcode';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { rateLimited, validationFailed } from '../common/domain-error.js';
import { type PageQuery, pageOfList, type SortColumn, timestampKey } from '../common/pagination.js';
import { sharedLimiter } from '../common/shared-rate-limiter.js';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../kernel/clock.js';
import { isPartyTo, type LectureParty } from '../regions/region-scope.js';
import { AttendanceErrors } from './attendance.errors.js';
import type {
  AttendeesPage,
  AttendeesView,
  AttendeeView,
  PublicSheet,
  SignedInView,
  SignInDto,
  SignInSheetView,
} from './attendance.dto.js';
import { AttendanceRepository, type AttendeeRow, type SheetFacts } from './attendance.repository.js';
import { attendeeKey, isOpen, MAX_ATTENDEE_NAME, signInPhase, signInWindow, type SignInWindow } from './sign-in-rules.js';

export const SIGN_IN_PATH = '/sign-in';
/** 72 random bits: a code cannot be guessed, yet stays short enough for a QR code a cheap camera reads in dim light. */
const newCode = () => randomBytes(9).toString('base64url');

type BookedFacts = SheetFacts & { lecturerId: string; startsAt: Date; endsAt: Date };
const isBooked = (f: SheetFacts): f is BookedFacts => f.lecturerId !== null && (f.status === 'accepted' || f.status === 'completed');
const windowOf = (f: BookedFacts): SignInWindow => signInWindow(f.startsAt, f.endsAt);
/**
 * The lecture a sign-in code names, as long as it is booked (or given). A cancelled one says so (an attendee who
 * scans its code at the village hall learns why nobody came), one that is not booked now reads as no lecture.
 */
function bookedLectureOf(facts: SheetFacts | undefined): BookedFacts {
  if (facts?.status === 'cancelled') throw AttendanceErrors.SIGN_IN_LECTURE_CANCELLED();
  if (!facts || !isBooked(facts)) throw AttendanceErrors.SIGN_IN_CODE_NOT_FOUND();
  return facts;
}
const SIGNING_ORDER: SortColumn[] = [
  { sql: 'signed_at', kind: 'timestamp' },
  { sql: 'id', kind: 'uuid' },
];
/** An attendee as `actor` reads them: phones to admins only. */
const attendeeView = (actor: Actor, r: AttendeeRow): AttendeeView => ({
  name: r.name,
  at: r.signedAt.toISOString(),
  ...(actor.role === 'admin' && r.phone !== null ? { phone: r.phone } : {}),
});
/**
 * Whether attendees may sign in now: within the window, and not once the lecture is reported given (its count is
 * then the report's, as the lecturer's own additions stop too).
 */
const takesNames = (f: BookedFacts, now: number): boolean => f.status !== 'completed' && isOpen(windowOf(f), now);

/**
 * Sign-in by QR code (签到): each booked lecture has a secret code; attendees open its page with no
 * account and type a name (and a phone if they like), the lecturer can add names by hand, and the
 * completion report's attendance defaults to the count. One person counts once (the database's key).
 */
@Injectable()
export class AttendanceService {
  private readonly perCode: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;

  constructor(
    private readonly repository: AttendanceRepository,
    private readonly clock: Clock,
    config: AppConfig,
    db: DataSource,
  ) {
    const hour = 3600;
    this.perCode = sharedLimiter(db, config.DATABASE_SCHEMA, {
      keyPrefix: 'sign-in-code',
      points: config.SIGN_IN_PER_CODE_PER_HOUR,
      duration: hour,
    });
    this.perAddress = sharedLimiter(db, config.DATABASE_SCHEMA, {
      keyPrefix: 'sign-in-address',
      points: config.SIGN_IN_PER_ADDRESS_PER_HOUR,
      duration: hour,
    });
  }

  /** The sheet's link and QR code, made on first use: for the booked lecturer, or an admin whose scope holds the branch. */
  async sheet(actor: Actor, orderId: string, baseUrl = ''): Promise<SignInSheetView> {
    const facts = await this.visible(actor, orderId, ['lecturer', 'admin']);
    if (!isBooked(facts)) throw AttendanceErrors.SIGN_IN_NOT_BOOKED();
    const code = facts.code ?? (await this.repository.ensureCode(orderId, newCode()));
    const url = `${baseUrl}${SIGN_IN_PATH}/${code}`;
    const { opensAt, closesAt } = windowOf(facts);
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { url, code, qrSvg, opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() };
  }

  /** What the sign-in page shows for a code; unknown codes are not found. */
  async publicSheet(code: string): Promise<PublicSheet> {
    const facts = bookedLectureOf(await this.repository.factsByCode(code));
    const window = windowOf(facts);
    return {
      title: facts.title,
      branchName: facts.branchName,
      ...window,
      open: takesNames(facts, this.clock.now()),
      finished: facts.status === 'completed',
    };
  }

  /** An attendee signs in with the code, limited per code and per code × address (`address` as limits count it). */
  async signIn(code: string, dto: SignInDto, address: string): Promise<SignedInView> {
    await this.consume(code, address);
    const facts = bookedLectureOf(await this.repository.factsByCode(code));
    const now = this.clock.now();
    if (!takesNames(facts, now)) throw AttendanceErrors.SIGN_IN_CLOSED();
    const added = await this.repository.add(facts.orderId, this.person(dto), new Date(now), null);
    if (added === 'closed') throw AttendanceErrors.SIGN_IN_CLOSED();
    return { recorded: added === 'recorded', count: await this.repository.count(facts.orderId) };
  }

  /**
   * The booked lecturer adds a name by hand (someone without a phone): from the sheet's opening, as the QR code's
   * (nobody attends a lecture days ahead), until the lecture is reported given (past the QR code's closing too).
   */
  async addByHand(actor: Actor, orderId: string, dto: SignInDto): Promise<SignedInView> {
    const facts = await this.visible(actor, orderId, ['lecturer']);
    if (!isBooked(facts)) throw AttendanceErrors.SIGN_IN_NOT_BOOKED();
    if (facts.status === 'completed') throw AttendanceErrors.SIGN_IN_SHEET_FINISHED();
    const now = this.clock.now();
    if (signInPhase(windowOf(facts), now) === 'before') throw AttendanceErrors.SIGN_IN_CLOSED();
    const added = await this.repository.add(orderId, this.person(dto), new Date(now), actor.accountId);
    if (added === 'closed') throw AttendanceErrors.SIGN_IN_SHEET_FINISHED();
    return { recorded: added === 'recorded', count: await this.repository.count(orderId) };
  }

  /** The whole sheet (the order pages show it all), to the booked lecturer, the ordering branch and admins in scope. */
  async attendees(actor: Actor, orderId: string): Promise<AttendeesView> {
    const rows = await this.sheetRows(actor, orderId);
    return { count: rows.length, items: rows.map((r) => attendeeView(actor, r)) };
  }

  /** A page of the sheet (`GET /orders/:id/attendees`), in signing order, with the sheet's count. */
  async attendeesPage(actor: Actor, orderId: string, q: PageQuery): Promise<AttendeesPage> {
    const rows = await this.sheetRows(actor, orderId);
    const page = pageOfList(rows, q, SIGNING_ORDER, (r) => [timestampKey(r.signedAt), r.id]);
    return { ...page, count: rows.length, items: page.items.map((r) => attendeeView(actor, r)) };
  }

  private async sheetRows(actor: Actor, orderId: string): Promise<AttendeeRow[]> {
    await this.visible(actor, orderId, ['lecturer', 'branch', 'admin']);
    return this.repository.list(orderId);
  }

  /** How many signed the lecture's sheet (in the caller's transaction): the completion report's default attendance. */
  count(orderId: string, manager?: EntityManager): Promise<number> {
    return this.repository.count(orderId, manager);
  }

  private person(dto: SignInDto) {
    const person = attendeeKey(dto.name, dto.phone);
    if (person.name === '') throw validationFailed([{ field: 'name', message: 'name must not be blank' }]);
    // Folding full-width and compatibility forms may lengthen a name (one ligature ﷺ is 18 letters): measured as stored.
    if (Array.from(person.name).length > MAX_ATTENDEE_NAME)
      throw validationFailed([{ field: 'name', message: `name must be at most ${MAX_ATTENDEE_NAME} characters once written out` }]);
    return person;
  }

  /** The lecture if the actor is one of the parties allowed (an admin only within scope); not found otherwise. */
  private async visible(actor: Actor, orderId: string, allowed: readonly LectureParty[]): Promise<SheetFacts> {
    const facts = await this.repository.factsOf(orderId);
    if (!facts || !isPartyTo(actor, facts, allowed)) throw AttendanceErrors.ORDER_NOT_FOUND();
    return facts;
  }

  private async consume(code: string, address: string): Promise<void> {
    try {
      await this.perAddress.consume(`${code}:${address}`);
      await this.perCode.consume(code);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw rateLimited(err.msBeforeNext);
      throw err;
    }
  }
}
