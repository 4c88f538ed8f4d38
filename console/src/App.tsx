import { useEffect, useState } from 'react';
import AppLayout from '@cloudscape-design/components/app-layout';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import Spinner from '@cloudscape-design/components/spinner';
import TopNavigation from '@cloudscape-design/components/top-navigation';
import { currentSession, setSession, signOut, whenSignedOut, type SessionView } from './api';
import { BASE, follow, navigate, usePath } from './router';
import { SignIn } from './pages/SignIn';
import { Clusters } from './pages/Clusters';
import { CreateCluster } from './pages/CreateCluster';
import { ClusterDetail } from './pages/ClusterDetail';
import { EventHistory } from './pages/EventHistory';
import { IdentityPage } from './pages/Identity';
import { SecurityCredentials } from './pages/SecurityCredentials';
import { Trails } from './pages/Trails';
import { CreateTrail } from './pages/CreateTrail';
import { TrailDetail } from './pages/TrailDetail';
import { BackupsPage } from './pages/BackupsPage';
import { Users } from './pages/Users';
import { UserDetail } from './pages/iam/UserDetail';
import { Roles } from './pages/iam/Roles';
import { RoleDetail } from './pages/iam/RoleDetail';

export function App() {
  const [session, setSessionState] = useState<SessionView | null | undefined>(undefined);
  const path = usePath();

  const adopt = (s: SessionView | undefined) => {
    setSession(s);
    setSessionState(s ?? null);
  };
  useEffect(() => {
    whenSignedOut(() => adopt(undefined));
    void currentSession().then(adopt);
  }, []);

  if (session === undefined) return <Spinner size="large" />;
  if (session === null) {
    return (
      <SignIn
        onSignedIn={(s) => {
          adopt(s);
          if (path === '/' || path === '/signin') navigate('/cloudhsm/clusters');
        }}
      />
    );
  }

  const who = session.identity.type === 'Root' ? 'root' : session.identity.userName!;
  const content = page(path, session);
  return (
    <>
      <div id="top-nav" style={{ position: 'sticky', top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{ href: `${BASE}/`, title: 'hsmtrail', onFollow: (e) => follow(e as never) }}
          utilities={[
            { type: 'button', text: session.region, ariaLabel: `Region ${session.region}` },
            {
              type: 'menu-dropdown',
              text: `${who} @ ${session.identity.accountId}`,
              description: session.identity.arn,
              iconName: 'user-profile',
              items: [
                { id: 'identity', text: 'Signed-in identity', href: `${BASE}/identity` },
                ...(session.identity.type === 'Root'
                  ? [{ id: 'security-credentials', text: 'Security credentials', href: `${BASE}/security-credentials` }]
                  : []),
                { id: 'signout', text: 'Sign out' },
              ],
              onItemClick: (e) => {
                if (e.detail.id === 'signout') {
                  void signOut().finally(() => {
                    adopt(undefined);
                    navigate('/');
                  });
                } else if (e.detail.href) {
                  e.preventDefault();
                  navigate(e.detail.href.slice(BASE.length));
                }
              },
            },
          ]}
        />
      </div>
      <AppLayout
        headerSelector="#top-nav"
        toolsHide
        navigation={
          <SideNavigation
            header={{ text: 'hsmtrail', href: `${BASE}/` }}
            activeHref={`${BASE}${activeSection(path)}`}
            onFollow={follow}
            items={[
              {
                type: 'section',
                text: 'CloudHSM',
                items: [
                  { type: 'link', text: 'Clusters', href: `${BASE}/cloudhsm/clusters` },
                  { type: 'link', text: 'Backups', href: `${BASE}/cloudhsm/backups` },
                ],
              },
              {
                type: 'section',
                text: 'CloudTrail',
                items: [
                  { type: 'link', text: 'Event history', href: `${BASE}/cloudtrail/events` },
                  { type: 'link', text: 'Trails', href: `${BASE}/cloudtrail/trails` },
                ],
              },
              {
                type: 'section',
                text: 'IAM',
                items: [
                  { type: 'link', text: 'Users', href: `${BASE}/iam/users` },
                  { type: 'link', text: 'Roles', href: `${BASE}/iam/roles` },
                  { type: 'link', text: 'Signed-in identity', href: `${BASE}/identity` },
                ],
              },
            ]}
          />
        }
        content={content}
      />
    </>
  );
}

function activeSection(path: string): string {
  if (path.startsWith('/cloudhsm/backups')) return '/cloudhsm/backups';
  if (path.startsWith('/cloudhsm')) return '/cloudhsm/clusters';
  if (path.startsWith('/cloudtrail/trails')) return '/cloudtrail/trails';
  if (path.startsWith('/cloudtrail')) return '/cloudtrail/events';
  if (path.startsWith('/iam/users')) return '/iam/users';
  if (path.startsWith('/iam/roles')) return '/iam/roles';
  return path;
}

function page(path: string, session: SessionView) {
  const cluster = /^\/cloudhsm\/clusters\/(cluster-[a-z0-9]+)$/.exec(path);
  if (cluster) return <ClusterDetail key={cluster[1]} clusterId={cluster[1]!} />;
  if (path === '/cloudhsm/create') return <CreateCluster />;
  if (path === '/cloudtrail/events') return <EventHistory />;
  if (path === '/cloudtrail/trails') return <Trails />;
  if (path === '/cloudtrail/trails/create') return <CreateTrail />;
  const trail = /^\/cloudtrail\/trails\/([^/]+)$/.exec(path);
  if (trail) return <TrailDetail key={trail[1]} name={decodeURIComponent(trail[1]!)} />;
  if (path === '/cloudhsm/backups') return <BackupsPage />;
  if (path === '/iam/users') return <Users />;
  const user = /^\/iam\/users\/([^/]+)$/.exec(path);
  if (user) return <UserDetail key={user[1]} userName={decodeURIComponent(user[1]!)} />;
  if (path === '/iam/roles') return <Roles />;
  const role = /^\/iam\/roles\/([^/]+)$/.exec(path);
  if (role) return <RoleDetail key={role[1]} roleName={decodeURIComponent(role[1]!)} />;
  if (path === '/identity') return <IdentityPage />;
  if (path === '/security-credentials') return <SecurityCredentials root={session.identity.type === 'Root'} />;
  return <Clusters />;
}
