import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { AttendanceModule } from '../attendance/attendance.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { BranchesModule } from '../branches/branches.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { CoursesModule } from '../courses/courses.module.js';
import { CoverageModule } from '../coverage/coverage.module.js';
import { ImportsModule } from '../imports/imports.module.js';
import { EvidenceModule } from '../evidence/evidence.module.js';
import { LecturersModule } from '../lecturers/lecturers.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { BookingsModule } from '../bookings/bookings.module.js';
import { SchedulingModule } from '../scheduling/scheduling.module.js';
import { AdminAccountsController } from './admin/admin-accounts.controller.js';
import { AdminUploadMiddleware } from './admin/admin-upload.middleware.js';
import { AdminBranchesController } from './admin/admin-branches.controller.js';
import { AdminCoursesController } from './admin/admin-courses.controller.js';
import { AdminDeliveriesController } from './admin/admin-deliveries.controller.js';
import { AdminWebhooksController } from './admin/admin-webhooks.controller.js';
import { AdminDashboardController } from './admin/admin-dashboard.controller.js';
import { AdminImportsController } from './admin/admin-imports.controller.js';
import { AdminLecturersController } from './admin/admin-lecturers.controller.js';
import { AdminLookups } from './admin/admin-lookups.js';
import { AdminOrdersController } from './admin/admin-orders.controller.js';
import { AdminRegionsController } from './admin/admin-regions.controller.js';
import { AdminSchedulingController } from './admin/admin-scheduling.controller.js';
import { BranchPagesController } from './branch/branch-pages.controller.js';
import { InboxPagesController } from './inbox/inbox-pages.controller.js';
import { LecturerPagesController } from './lecturer/lecturer-pages.controller.js';
import { LecturerProfileController } from './lecturer/lecturer-profile.controller.js';
import { PhotoPagesController, SignInPagesController } from './field/field-pages.controller.js';
import { PageNotFoundController } from './plumbing/page-not-found.controller.js';
import { PageRenderer } from './plumbing/page-renderer.js';
import { SessionPagesController } from './plumbing/session-pages.controller.js';
import { WebErrorFilter } from './plumbing/web-error.filter.js';
import { WebPageGuard } from './plumbing/web-page.guard.js';
import { WebSessionService } from './plumbing/web-session.service.js';
import { OrderPresenter } from './shared/order-presenter.js';
import { Places } from './shared/places.js';

/**
 * The pages people use, in Chinese, served by the same app (see `plumbing/web-setup.ts` for the Express side).
 * Every page calls the same services as the API with the same Actor, so the rules live in one place.
 * The folders mirror `views/`: plumbing, what every role's pages share, then one folder per role.
 */
@Module({
  imports: [
    AuthModule,
    RegionsModule,
    BranchesModule,
    LecturersModule,
    CoursesModule,
    OrdersModule,
    SchedulingModule,
    BookingsModule,
    CoverageModule,
    CalendarModule,
    ImportsModule,
    AttendanceModule,
    EvidenceModule,
    NotificationsModule,
  ],
  controllers: [
    SessionPagesController,
    BranchPagesController,
    LecturerPagesController,
    LecturerProfileController,
    AdminDashboardController,
    AdminOrdersController,
    AdminSchedulingController,
    AdminLecturersController,
    AdminBranchesController,
    AdminRegionsController,
    AdminCoursesController,
    AdminAccountsController,
    AdminImportsController,
    SignInPagesController,
    PhotoPagesController,
    AdminDeliveriesController,
    AdminWebhooksController,
    InboxPagesController,
    // Last: it takes only the page paths no controller above serves.
    PageNotFoundController,
  ],
  providers: [WebSessionService, WebPageGuard, WebErrorFilter, PageRenderer, Places, OrderPresenter, AdminLookups],
})
export class WebModule implements NestModule {
  /** The import pages' uploads are read before the pages' guard, which checks the form's CSRF field in them. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AdminUploadMiddleware).forRoutes({ path: 'admin/imports/:kind', method: RequestMethod.POST });
  }
}
