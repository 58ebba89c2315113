import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, type ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { api, unwrap } from "./api/client";
import { useAuth } from "./auth/AuthProvider";
import { Loading } from "./components/feedback";
import { PublicShell } from "./components/Shell";
import { Setup } from "./features/auth/Setup";
import { SignIn } from "./features/auth/SignIn";
import { SignUp } from "./features/auth/SignUp";

// Signed-out screens load first and alone; everything behind sign-in comes in its own chunks.
const AppFrame = lazy(() => import("./components/AppFrame"));
const ResourceList = lazy(() => import("./features/resources/ResourceList"));
const ResourcePage = lazy(() => import("./features/resources/ResourcePage"));
const MyReservations = lazy(() => import("./features/reservations/MyReservations"));
const WaitlistPage = lazy(() => import("./features/waitlist/WaitlistPage"));
const NotificationsPage = lazy(() => import("./features/notifications/NotificationsPage"));
const PreferencesPage = lazy(() => import("./features/notifications/PreferencesPage"));
const AccountPage = lazy(() => import("./features/account/AccountPage"));
const AdminPage = lazy(() => import("./features/admin/AdminPage"));
const ConsentPage = lazy(() => import("./features/oauth/ConsentPage"));
const NotFound = lazy(() => import("./components/NotFound"));

export function useNeedsSetup(): boolean | undefined {
  const status = useQuery({
    queryKey: ["setup-status"],
    queryFn: () => unwrap(api.GET("/api/v1/setup/status")),
    staleTime: 60_000,
  });
  return status.data?.needs_setup;
}

function Private({ children }: { children: ReactNode }) {
  const { signedIn } = useAuth();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  return (
    <Suspense fallback={<Loading />}>
      <AppFrame>
        <Suspense fallback={<Loading />}>{children}</Suspense>
      </AppFrame>
    </Suspense>
  );
}

function Public({ children }: { children: ReactNode }) {
  const { signedIn } = useAuth();
  const needsSetup = useNeedsSetup();
  const location = useLocation();
  if (needsSetup && location.pathname !== "/setup") return <Navigate to="/setup" replace />;
  if (signedIn && location.pathname !== "/setup") return <Navigate to="/resources" replace />;
  return <PublicShell>{children}</PublicShell>;
}

export function App() {
  return (
    <Routes>
      <Route path="/setup" element={<Public><Setup /></Public>} />
      <Route path="/signin" element={<Public><SignIn /></Public>} />
      <Route path="/signup" element={<Public><SignUp /></Public>} />
      <Route path="/" element={<Navigate to="/resources" replace />} />
      <Route path="/resources" element={<Private><ResourceList /></Private>} />
      <Route path="/resources/:id" element={<Private><ResourcePage /></Private>} />
      <Route path="/reservations" element={<Private><MyReservations /></Private>} />
      <Route path="/waitlist" element={<Private><WaitlistPage /></Private>} />
      <Route path="/notifications" element={<Private><NotificationsPage /></Private>} />
      <Route path="/notifications/preferences" element={<Private><PreferencesPage /></Private>} />
      <Route path="/account" element={<Private><AccountPage /></Private>} />
      <Route path="/admin/*" element={<Private><AdminPage /></Private>} />
      <Route path="/oauth/consent" element={<Private><ConsentPage /></Private>} />
      <Route path="*" element={<Private><NotFound /></Private>} />
    </Routes>
  );
}
