import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCreateDeposit, useMe } from '../api/queries';
import { collectionsKept, mayDeposit } from '../api/roles';
import { PageHeading } from '../components/page-heading';
import { Loading } from '../components/query-state';
import { Refused } from '../components/refused';

/** `/deposits`: opens a deposit into a collection the archivist keeps, then goes to it. */
export function DepositsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const create = useCreateDeposit();
  const navigate = useNavigate();
  const kept = collectionsKept(me.data);
  const [collection, setCollection] = useState<string | undefined>(undefined);
  const chosen = collection ?? kept[0] ?? '';
  const ids = { collection: useId(), list: useId(), error: useId() };

  if (me.isPending) return <Loading />;
  return (
    <>
      <PageHeading title={t('deposit.listTitle')}>{t('deposit.listTitle')}</PageHeading>
      {!mayDeposit(me.data) ? (
        <Refused who={me.data} reason={t('deposit.notForYou')} />
      ) : (
        <div className="narrow">
          <p>{t('deposit.intro')}</p>
          <ol className="deposit-steps-intro">
            <li>{t('deposit.stepUpload')}</li>
            <li>{t('deposit.stepCheck')}</li>
            <li>{t('deposit.stepIngest')}</li>
          </ol>
          <form
            className="stacked-form"
            aria-describedby={create.error ? ids.error : undefined}
            onSubmit={(event) => {
              event.preventDefault();
              create.mutate(chosen.trim(), {
                onSuccess: (deposit) => navigate(`/deposits/${deposit.id}`),
              });
            }}
          >
            <label htmlFor={ids.collection}>{t('deposit.collection')}</label>
            <input
              id={ids.collection}
              name="collection"
              list={ids.list}
              required
              value={chosen}
              onChange={(event) => setCollection(event.target.value)}
            />
            <datalist id={ids.list}>
              {kept.map((id) => (
                <option key={id} value={id} />
              ))}
            </datalist>
            {create.error && (
              <p id={ids.error} className="error" role="alert">
                {t('deposit.openFailed', { detail: create.error.message })}
              </p>
            )}
            <button type="submit" className="primary" disabled={create.isPending}>
              {t('deposit.open')}
            </button>
          </form>
        </div>
      )}
    </>
  );
}
