import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { BranchesModule } from '../branches/branches.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { CoursesModule } from '../courses/courses.module.js';
import { CoverageModule } from '../coverage/coverage.module.js';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { BookingsModule } from '../bookings/bookings.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { AdminDashboardController } from './admin-dashboard.controller.js';
import { AdminLookups } from './admin-lookups.js';
import { AdminOrdersController } from './admin-orders.controller.js';
import { AdminRosterController } from './admin-roster.controller.js';
import { AdminSchedulingController } from './admin-scheduling.controller.js';
import { BranchPagesController } from './branch-pages.controller.js';
import { LecturerPagesController } from './lecturer-pages.controller.js';
import { OrderPresenter } from './order-presenter.js';
import { PageNotFoundController } from './page-not-found.controller.js';
import { PageRenderer } from './page-renderer.js';
import { Places } from './places.js';
import { SessionPagesController } from './session-pages.controller.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPageGuard } from './web-page.guard.js';
import { WebSessionService } from './web-session.service.js';

/**
 * The pages people use, in Chinese, served by the same app (see `web-setup.ts` for the Express side).
 * Every page calls the same services as the API with the same Actor, so the rules live in one place.
 */
@Module({
  imports: [AuthModule, RegionsModule, BranchesModule, LecturersModule, CoursesModule, BookingsModule, OrdersModule, SchedulingModule, CoverageModule, CalendarModule],
  controllers: [SessionPagesController, BranchPagesController, LecturerPagesController, AdminDashboardController, AdminOrdersController, AdminSchedulingController, AdminRosterController, PageNotFoundController],
  providers: [WebSessionService, WebPageGuard, WebErrorFilter, PageRenderer, Places, OrderPresenter, AdminLookups],
})
export class WebModule {}
