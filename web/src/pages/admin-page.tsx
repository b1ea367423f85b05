import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import {
  useAccessEvents,
  useAddPerson,
  useChangeGrant,
  useCollections,
  useCommunities,
  useMe,
  usePeople,
} from '../api/queries';
import { isAdmin } from '../api/roles';
import type { Grant } from '../api/types';
import { PageHeading } from '../components/page-heading';
import { LoadError, Loading } from '../components/query-state';
import { Refused } from '../components/refused';
import { dateTime } from '../text/format';

type Role = Grant['role'];
const roles: readonly Role[] = ['member', 'custodian', 'researcher', 'archivist', 'admin'];

function problemText(error: unknown): string {
  return error instanceof ApiError ? error.message : String(error);
}

/** A grant in words: "custodian of na-hang". */
function useGrantText() {
  const { t } = useTranslation();
  return (grant: Grant): string => {
    switch (grant.role) {
      case 'admin':
        return t('admin.grant.admin');
      case 'archivist':
        return t('admin.grant.archivist', { target: grant.collection });
      case 'custodian':
      case 'member':
        return t(`admin.grant.${grant.role}`, { target: grant.community });
      case 'researcher':
        return grant.scope.kind === 'item'
          ? t('admin.grant.researcherItem', { target: grant.scope.item })
          : t('admin.grant.researcherCollection', { target: grant.scope.collection });
    }
  };
}

/** `/admin`: people and their roles, communities, and who read protected material. Admins only. */
export function AdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Loading />;
  return (
    <>
      <PageHeading title={t('admin.title')}>{t('admin.title')}</PageHeading>
      {isAdmin(me.data) ? (
        <>
          <PeopleSection />
          <div className="admin-forms">
            <AddPersonForm />
            <GrantForm />
          </div>
          <PeopleHistory />
          <CommunitiesSection />
          <AccessEventsSection />
        </>
      ) : (
        <Refused who={me.data} reason={t('admin.refused')} />
      )}
    </>
  );
}

function PeopleSection() {
  const { t } = useTranslation();
  const people = usePeople();
  const grantText = useGrantText();
  return (
    <section className="panel" aria-labelledby="admin-people">
      <h2 id="admin-people">{t('admin.people')}</h2>
      {people.isPending ? (
        <Loading />
      ) : people.isError ? (
        <LoadError error={people.error} retry={() => people.refetch()} />
      ) : people.data.people.length === 0 ? (
        <p>{t('admin.noPeople')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('admin.people')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.column.id')}</th>
                <th scope="col">{t('admin.column.name')}</th>
                <th scope="col">{t('admin.column.language')}</th>
                <th scope="col">{t('admin.column.state')}</th>
                <th scope="col">{t('admin.column.grants')}</th>
              </tr>
            </thead>
            <tbody>
              {people.data.people.map((person) => (
                <tr key={person.id} data-person={person.id}>
                  <th scope="row">
                    <code>{person.id}</code>
                  </th>
                  <td>{person.name}</td>
                  <td>{t(`language.${person.language}`)}</td>
                  <td>{person.disabled ? t('admin.disabled') : t('admin.active')}</td>
                  <td>
                    {person.grants.length === 0 ? (
                      t('admin.noGrants')
                    ) : (
                      <ul className="plain">
                        {person.grants.map((grant) => (
                          <li key={JSON.stringify(grant)}>{grantText(grant)}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AddPersonForm() {
  const { t } = useTranslation();
  const add = useAddPerson();
  const id = useId();
  const [person, setPerson] = useState({
    id: '',
    name: '',
    language: 'vi' as 'vi' | 'en',
    password: '',
    reason: '',
  });
  const [added, setAdded] = useState<string>();
  const field = (name: string) => `${id}-${name}`;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setAdded(undefined);
    const { reason, ...rest } = person;
    add.mutate(
      { ...rest, id: rest.id.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: () => {
          setAdded(person.id.trim());
          setPerson({ id: '', name: '', language: 'vi', password: '', reason: '' });
        },
      },
    );
  };
  return (
    <form className="panel stacked-form" aria-labelledby={field('h')} onSubmit={onSubmit}>
      <h2 id={field('h')}>{t('admin.addPerson')}</h2>
      <label htmlFor={field('id')}>{t('admin.id')}</label>
      <input
        id={field('id')}
        required
        maxLength={128}
        pattern="[A-Za-z0-9][A-Za-z0-9._\-]*"
        autoComplete="off"
        aria-describedby={field('id-hint')}
        value={person.id}
        onChange={(event) => setPerson({ ...person, id: event.target.value })}
      />
      <p className="hint" id={field('id-hint')}>
        {t('admin.idHint')}
      </p>
      <label htmlFor={field('name')}>{t('admin.name')}</label>
      <input
        id={field('name')}
        required
        maxLength={200}
        autoComplete="off"
        value={person.name}
        onChange={(event) => setPerson({ ...person, name: event.target.value })}
      />
      <label htmlFor={field('language')}>{t('admin.language')}</label>
      <select
        id={field('language')}
        value={person.language}
        onChange={(event) =>
          setPerson({ ...person, language: event.target.value === 'en' ? 'en' : 'vi' })
        }
      >
        <option value="vi">{t('language.vi')}</option>
        <option value="en">{t('language.en')}</option>
      </select>
      <label htmlFor={field('password')}>{t('admin.password')}</label>
      <input
        id={field('password')}
        type="password"
        required
        autoComplete="new-password"
        aria-describedby={field('password-hint')}
        value={person.password}
        onChange={(event) => setPerson({ ...person, password: event.target.value })}
      />
      <p className="hint" id={field('password-hint')}>
        {t('admin.passwordHint')}
      </p>
      <label htmlFor={field('reason')}>{t('admin.reasonOptional')}</label>
      <input
        id={field('reason')}
        maxLength={1000}
        value={person.reason}
        onChange={(event) => setPerson({ ...person, reason: event.target.value })}
      />
      <button type="submit" className="primary" disabled={add.isPending}>
        {add.isPending ? t('admin.adding') : t('admin.add')}
      </button>
      {add.isError && (
        <p className="error" role="alert">
          {problemText(add.error)}
        </p>
      )}
      <p role="status">{added ? t('admin.added', { id: added }) : ''}</p>
    </form>
  );
}

function GrantForm() {
  const { t } = useTranslation();
  const people = usePeople();
  const communities = useCommunities();
  const collections = useCollections();
  const change = useChangeGrant();
  const grantText = useGrantText();
  const id = useId();
  const field = (name: string) => `${id}-${name}`;
  const [user, setUser] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [community, setCommunity] = useState('');
  const [collection, setCollection] = useState('');
  const [scope, setScope] = useState<'collection' | 'item'>('collection');
  const [item, setItem] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string>();

  const grant = (): Grant => {
    switch (role) {
      case 'admin':
        return { role };
      case 'archivist':
        return { role, collection };
      case 'custodian':
      case 'member':
        return { role, community };
      case 'researcher':
        return scope === 'item'
          ? { role, scope: { kind: 'item', item: item.trim() } }
          : { role, scope: { kind: 'collection', collection } };
    }
  };
  const submit = (kind: 'give' | 'remove') => (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    const chosen = grant();
    change.mutate(
      { change: kind, user, grant: chosen, reason: reason.trim() },
      {
        onSuccess: () => {
          setDone(
            t(kind === 'give' ? 'admin.given' : 'admin.removed', {
              user,
              grant: grantText(chosen),
            }),
          );
          setReason('');
        },
      },
    );
  };
  const giveRef = `${id}-give`;
  return (
    <form className="panel stacked-form" aria-labelledby={field('h')} onSubmit={submit('give')}>
      <h2 id={field('h')}>{t('admin.changeRole')}</h2>
      <label htmlFor={field('user')}>{t('admin.person')}</label>
      <select id={field('user')} required value={user} onChange={(e) => setUser(e.target.value)}>
        <option value="">{t('admin.choose')}</option>
        {people.data?.people.map((person) => (
          <option key={person.id} value={person.id}>
            {person.name} ({person.id})
          </option>
        ))}
      </select>
      <label htmlFor={field('role')}>{t('admin.role')}</label>
      <select
        id={field('role')}
        value={role}
        onChange={(event) => setRole(event.target.value as Role)}
      >
        {roles.map((name) => (
          <option key={name} value={name}>
            {t(`admin.roleName.${name}`)}
          </option>
        ))}
      </select>
      {(role === 'custodian' || role === 'member') && (
        <>
          <label htmlFor={field('community')}>{t('admin.community')}</label>
          <select
            id={field('community')}
            required
            value={community}
            onChange={(event) => setCommunity(event.target.value)}
          >
            <option value="">{t('admin.choose')}</option>
            {communities.data?.map((known) => (
              <option key={known.id} value={known.id}>
                {known.name} ({known.id})
              </option>
            ))}
          </select>
        </>
      )}
      {role === 'researcher' && (
        <fieldset>
          <legend>{t('admin.researcherScope')}</legend>
          <label className="check">
            <input
              type="radio"
              name={field('scope')}
              checked={scope === 'collection'}
              onChange={() => setScope('collection')}
            />
            {t('admin.scopeCollection')}
          </label>
          <label className="check">
            <input
              type="radio"
              name={field('scope')}
              checked={scope === 'item'}
              onChange={() => setScope('item')}
            />
            {t('admin.scopeItem')}
          </label>
        </fieldset>
      )}
      {(role === 'archivist' || (role === 'researcher' && scope === 'collection')) && (
        <>
          <label htmlFor={field('collection')}>{t('admin.collection')}</label>
          <select
            id={field('collection')}
            required
            value={collection}
            onChange={(event) => setCollection(event.target.value)}
          >
            <option value="">{t('admin.choose')}</option>
            {collections.data?.map((known) => (
              <option key={known.id} value={known.id}>
                {known.title} ({known.id})
              </option>
            ))}
          </select>
        </>
      )}
      {role === 'researcher' && scope === 'item' && (
        <>
          <label htmlFor={field('item')}>{t('admin.item')}</label>
          <input
            id={field('item')}
            required
            maxLength={128}
            value={item}
            onChange={(event) => setItem(event.target.value)}
          />
        </>
      )}
      <label htmlFor={field('reason')}>{t('admin.reason')}</label>
      <input
        id={field('reason')}
        required
        maxLength={1000}
        aria-describedby={field('reason-hint')}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <p className="hint" id={field('reason-hint')}>
        {t('admin.reasonHint')}
      </p>
      <div className="button-row">
        <button type="submit" id={giveRef} className="primary" disabled={change.isPending}>
          {change.isPending ? t('admin.saving') : t('admin.give')}
        </button>
        <button
          type="button"
          disabled={change.isPending}
          onClick={(event) => {
            // The same checks as giving: the browser's own for required fields.
            const form = event.currentTarget.form;
            if (form?.reportValidity()) submit('remove')(event);
          }}
        >
          {t('admin.remove')}
        </button>
      </div>
      {change.isError && (
        <p className="error" role="alert">
          {problemText(change.error)}
        </p>
      )}
      <p role="status">{done ?? ''}</p>
    </form>
  );
}

function PeopleHistory() {
  const { t, i18n } = useTranslation();
  const people = usePeople();
  const grantText = useGrantText();
  const events = people.data?.events ?? [];
  return (
    <section className="panel" aria-labelledby="admin-history">
      <h2 id="admin-history">{t('admin.history')}</h2>
      {people.isPending ? (
        <Loading />
      ) : people.isError ? (
        <LoadError error={people.error} retry={() => people.refetch()} />
      ) : events.length === 0 ? (
        <p>{t('admin.noHistory')}</p>
      ) : (
        <div className="table-scroll admin-history">
          <table>
            <caption className="visually-hidden">{t('admin.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.column.when')}</th>
                <th scope="col">{t('admin.column.by')}</th>
                <th scope="col">{t('admin.column.action')}</th>
                <th scope="col">{t('admin.column.subject')}</th>
                <th scope="col">{t('admin.column.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {events.slice(0, 200).map((event) => (
                <tr key={`${event.occurredAt}/${event.action}/${event.subject}`}>
                  <td>{dateTime(event.occurredAt, i18n.language)}</td>
                  <td>{event.agent}</td>
                  <td>
                    {t(`admin.action.${event.action}`, { defaultValue: event.action })}
                    {event.grant ? `: ${grantText(event.grant)}` : ''}
                  </td>
                  <td>{event.subject}</td>
                  <td>{event.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CommunitiesSection() {
  const { t } = useTranslation();
  const communities = useCommunities();
  return (
    <section className="panel" aria-labelledby="admin-communities">
      <h2 id="admin-communities">{t('admin.communities')}</h2>
      {communities.isPending ? (
        <Loading />
      ) : communities.isError ? (
        <LoadError error={communities.error} retry={() => communities.refetch()} />
      ) : communities.data.length === 0 ? (
        <p>{t('admin.noCommunities')}</p>
      ) : (
        <ul>
          {communities.data.map((community) => (
            <li key={community.id}>
              {community.name} <code>{community.id}</code>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AccessEventsSection() {
  const { t, i18n } = useTranslation();
  const events = useAccessEvents();
  const id = useId();
  const field = (name: string) => `${id}-${name}`;
  const [who, setWho] = useState('');
  const [community, setCommunity] = useState('');
  const [what, setWhat] = useState('');
  const [item, setItem] = useState('');
  const all = events.data ?? [];
  const shown = all.filter(
    (event) =>
      (!who || event.who === who) &&
      (!community || event.community === community) &&
      (!what || event.what === what) &&
      (!item || event.itemId.toLowerCase().includes(item.trim().toLowerCase())),
  );
  const distinct = (values: (string | undefined)[]) =>
    [...new Set(values.filter((value): value is string => Boolean(value)))].sort();
  return (
    <section className="panel" aria-labelledby="admin-access">
      <h2 id="admin-access">{t('admin.accessEvents')}</h2>
      <p>{t('admin.accessIntro')}</p>
      <form
        className="filters"
        aria-label={t('admin.accessFilters')}
        onSubmit={(event) => event.preventDefault()}
      >
        <div>
          <label htmlFor={field('who')}>{t('admin.column.who')}</label>
          <select id={field('who')} value={who} onChange={(e) => setWho(e.target.value)}>
            <option value="">{t('admin.anyone')}</option>
            {distinct(all.map((event) => event.who)).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={field('community')}>{t('admin.column.community')}</label>
          <select
            id={field('community')}
            value={community}
            onChange={(e) => setCommunity(e.target.value)}
          >
            <option value="">{t('admin.anyCommunity')}</option>
            {distinct(all.map((event) => event.community)).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={field('what')}>{t('admin.column.what')}</label>
          <select id={field('what')} value={what} onChange={(e) => setWhat(e.target.value)}>
            <option value="">{t('admin.anything')}</option>
            {(['item', 'annotations', 'media'] as const).map((kind) => (
              <option key={kind} value={kind}>
                {t(`admin.readWhat.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={field('item')}>{t('admin.itemFilter')}</label>
          <input
            id={field('item')}
            type="search"
            maxLength={128}
            value={item}
            onChange={(e) => setItem(e.target.value)}
          />
        </div>
      </form>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <LoadError error={events.error} retry={() => events.refetch()} />
      ) : (
        <>
          <p className="count" role="status">
            {t('admin.accessCount', { count: shown.length })}
          </p>
          {shown.length === 0 ? (
            <p>{t('admin.noAccessEvents')}</p>
          ) : (
            <div className="table-scroll">
              <table className="access-events">
                <caption className="visually-hidden">{t('admin.accessEvents')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.column.when')}</th>
                    <th scope="col">{t('admin.column.who')}</th>
                    <th scope="col">{t('admin.column.item')}</th>
                    <th scope="col">{t('admin.column.what')}</th>
                    <th scope="col">{t('admin.column.protocol')}</th>
                    <th scope="col">{t('admin.column.community')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((event, index) => (
                    // The same person may read the same item twice in one second.
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows never move
                    <tr key={index}>
                      <td>{dateTime(event.occurredAt, i18n.language)}</td>
                      <td>{event.who}</td>
                      <td>
                        <code>{event.itemId}</code>
                      </td>
                      <td>{t(`admin.readWhat.${event.what}`)}</td>
                      <td>
                        {t(`protocol.name.${event.accessProtocol}`, {
                          defaultValue: event.accessProtocol,
                        })}
                      </td>
                      <td>{event.community ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
