import { ScrollArea, Stack, Tabs, Title } from "@mantine/core";
import { lazy, Suspense } from "react";
import { Navigate, Route, Routes, useNavigate, useParams } from "react-router";
import { useAuth } from "../../auth/AuthProvider";
import { Loading } from "../../components/feedback";
import { Forbidden } from "../../components/Forbidden";
import { useT } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { ApprovalsPanel, GroupsPanel, QuotasPanel, UsersPanel } from "./SimplePanels";
import { AuditPanel } from "./AuditPanel";
import { ClientsPanel } from "./ClientsPanel";
import { ImportPanel } from "./ImportPanel";
import { ResourcesAdmin } from "./ResourcesAdmin";
import { WebhooksPanel } from "./WebhooksPanel";

const AnalyticsPanel = lazy(() => import("./AnalyticsPanel"));

const SECTIONS: { slug: string; label: MessageKey; element: React.ReactNode; adminOnly?: boolean }[] = [
  { slug: "resources", label: "admin.resources", element: <ResourcesAdmin /> },
  { slug: "import", label: "admin.import", element: <ImportPanel /> },
  { slug: "groups", label: "admin.groups", element: <GroupsPanel /> },
  { slug: "approvals", label: "admin.approvals", element: <ApprovalsPanel /> },
  { slug: "users", label: "admin.users", element: <UsersPanel />, adminOnly: true },
  { slug: "quotas", label: "admin.quotas", element: <QuotasPanel />, adminOnly: true },
  { slug: "webhooks", label: "admin.webhooks", element: <WebhooksPanel />, adminOnly: true },
  { slug: "clients", label: "admin.clients", element: <ClientsPanel />, adminOnly: true },
  { slug: "audit", label: "admin.audit", element: <AuditPanel />, adminOnly: true },
  { slug: "analytics", label: "admin.analytics", element: <AnalyticsPanel /> },
];

function Section() {
  const t = useT();
  const { isAdmin } = useAuth();
  const navigate = useNavigate();
  const section = useParams().section ?? "resources";
  const visible = SECTIONS.filter((s) => isAdmin || !s.adminOnly);
  const current = visible.find((s) => s.slug === section);
  if (!current) return <Navigate to="/admin/resources" replace />;
  return (
    <Tabs value={section} onChange={(v) => v && navigate(`/admin/${v}`)} keepMounted={false}>
      <ScrollArea type="auto" offsetScrollbars>
        <Tabs.List style={{ flexWrap: "nowrap" }}>
          {visible.map((s) => (
            <Tabs.Tab key={s.slug} value={s.slug}>
              {t(s.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </ScrollArea>
      <Tabs.Panel value={section} pt="md">
        <Suspense fallback={<Loading />}>{current.element}</Suspense>
      </Tabs.Panel>
    </Tabs>
  );
}

export default function AdminPage() {
  const t = useT();
  const { isManager, user } = useAuth();
  if (!user) return <Loading />;
  if (!isManager) return <Forbidden hint={t("admin.forbidden")} />;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("admin.title")}
      </Title>
      <Routes>
        <Route index element={<Navigate to="resources" replace />} />
        <Route path=":section" element={<Section />} />
      </Routes>
    </Stack>
  );
}
