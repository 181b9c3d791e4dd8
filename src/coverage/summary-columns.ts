/**
 * The dimensions coverage counts lectures by, and the `coverage_months` column each value is summed in.
 * The lists mirror the migration that made the columns (1764130000000-CoverageAndCalendars); the unit
 * spec checks they still cover the app's own lists, so a new category or menu topic cannot go missing
 * silently. A category or level outside them counts as `unknown`; a topic off the menu as `custom`, and
 * custom topics are then counted one by one from the facts.
 */
export const SUMMARY_CATEGORIES = ['party_government_leader', 'branch_secretary', 'party_affairs_worker', 'expert_scholar', 'model_figure', 'practical_technician', 'five_elders'] as const;
export const SUMMARY_LEVELS = ['city', 'banner', 'township'] as const;
export const SUMMARY_FORMATS = ['on_site', 'online', 'field', 'mobile'] as const;
export const SUMMARY_MENU_TOPICS = ['theory', 'party_history', 'policy', 'rural_revitalization', 'practical_skills', 'ethnic_unity', 'border_security'] as const;

export type DimensionKey = 'byCategory' | 'byLevel' | 'byFormat' | 'byTopic';
export const DIMENSION_KEYS: readonly DimensionKey[] = ['byCategory', 'byLevel', 'byFormat', 'byTopic'];

/** Values counted in no column of their own. */
export const UNKNOWN = 'unknown';
export const CUSTOM_TOPIC = 'custom';

export interface SummaryColumn {
  dimension: DimensionKey;
  /** The value counted (UNKNOWN / CUSTOM_TOPIC for the catch-alls). */
  value: string;
  /** Column name in `coverage_months`, and alias in query results. */
  column: string;
  /** The same condition on a `lecture_facts` row, for days read from the facts. */
  condition: string;
}

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const each = (dimension: DimensionKey, field: string, values: readonly string[]): SummaryColumn[] =>
  values.map((value) => ({ dimension, value, column: `${field}_${value}`, condition: `${field} = '${value}'` }));

export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  ...each('byCategory', 'category', SUMMARY_CATEGORIES),
  { dimension: 'byCategory', value: UNKNOWN, column: 'category_unknown', condition: `category NOT IN (${list(SUMMARY_CATEGORIES)})` },
  ...each('byLevel', 'level', SUMMARY_LEVELS),
  { dimension: 'byLevel', value: UNKNOWN, column: 'level_unknown', condition: `level NOT IN (${list(SUMMARY_LEVELS)})` },
  ...each('byFormat', 'format', SUMMARY_FORMATS),
  ...each('byTopic', 'topic', SUMMARY_MENU_TOPICS),
  { dimension: 'byTopic', value: CUSTOM_TOPIC, column: 'topic_custom', condition: `topic NOT IN (${list(SUMMARY_MENU_TOPICS)})` },
];

/** The condition selecting facts of custom topics: the same text as the partial index's, so the planner can use it. */
export const CUSTOM_TOPIC_CONDITION = `topic NOT IN (${list(SUMMARY_MENU_TOPICS)})`;
