/**
 * The demo city as plain rows: what generation produces and the seeder writes. Instants are epoch
 * milliseconds; rows point at each other (a branch at its region) and carry the ids they are written with.
 */
import type { LatLon } from '../kernel/geo.js';
import type { WeeklyWindow } from '../scheduling/solver/index.js';
import type {
  BranchKind,
  LectureFormat,
  LecturerCategory,
  LecturerLevel,
  OrderStatus,
  RegionLevel,
  Role,
  Topic,
} from '../kernel/vocabulary.js';

/** What a banner lives from: shapes its townships, villages and lecturers. */
export type Profile = 'urban' | 'pastoral' | 'agri' | 'forest';
/** 嘎查 (pastoral village), 村 (farming village) or 社区 (community). */
export type VillageType = 'gacha' | 'cun' | 'shequ';

export interface RegionRow extends LatLon {
  id: string;
  name: string;
  level: RegionLevel;
  parentId: string | null;
  path: string[];
  border: boolean;
  remote: boolean;
  weak: boolean;
  profile: Profile;
  villageType?: VillageType;
  township?: RegionRow;
}

export interface BranchRow extends LatLon {
  id: string;
  name: string;
  region: RegionRow;
  kind: BranchKind;
  members: number;
  accountId: string;
  /** Orders placed so far (generation spreads them: at most three a branch). */
  orders: number;
}

export interface LeaveRow {
  from: number;
  to: number;
  reason: string;
}

export interface LecturerRow extends LatLon {
  id: string;
  name: string;
  category: LecturerCategory;
  level: LecturerLevel;
  region: RegionRow;
  topics: Topic[];
  languages: string[];
  formats: LectureFormat[];
  maxLecturesPerMonth: number;
  travelRadiusKm: number;
  weekly: WeeklyWindow[];
  exceptions: LeaveRow[];
  ratingSum: number;
  ratingCount: number;
  accountId: string;
}

export interface CourseSeed {
  title: string;
  topic: Topic;
  minutes: number;
  formats: LectureFormat[];
  description: string;
}
export interface CourseRow {
  id: string;
  seed: CourseSeed;
  lecturers: Set<string>;
}

export interface OrderRow {
  id: string;
  branch: BranchRow;
  course: CourseRow | null;
  topic: Topic;
  title: string;
  format: LectureFormat;
  earliest: number;
  latest: number;
  duration: number;
  audience: number;
  language: string;
  preferredId: string | null;
  notes: string | null;
  status: OrderStatus;
  offeredId: string | null;
  offeredStart: number | null;
  offerExpires: number | null;
  attendance: number | null;
  startedAt: number | null;
  summary: string | null;
  completedAt: number | null;
  ratingScore: number | null;
  ratingComment: string | null;
  ratedAt: number | null;
  placedBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface HistoryRow {
  orderId: string;
  at: number;
  actorId: string | null;
  from: OrderStatus | null;
  to: OrderStatus;
  lecturerId: string | null;
  reason: string | null;
}

/** A lecture booked for a lecturer; `travel` minutes are blocked before and after it (on-site forms). */
export interface BookingRow {
  orderId: string;
  lecturerId: string;
  start: number;
  end: number;
  travel: number;
  releasedAt: number | null;
  createdAt: number;
}
export interface DeclineRow {
  orderId: string;
  lecturerId: string;
  at: number;
}

/** An account; only the three demo logins can be used, every other one gets a password nobody knows. */
export interface AccountRow {
  id: string;
  username: string;
  role: Role;
  demoLogin: boolean;
  branchId: string | null;
  lecturerId: string | null;
}

export interface DemoCity {
  regions: RegionRow[];
  branches: BranchRow[];
  lecturers: LecturerRow[];
  courses: CourseRow[];
  accounts: AccountRow[];
  orders: OrderRow[];
  history: HistoryRow[];
  bookings: BookingRow[];
  declines: DeclineRow[];
}

/** Makes the ids of generated rows: random UUIDs when seeding, a counter in tests. */
export type NewId = () => string;
