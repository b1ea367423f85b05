import Uppy from '@uppy/core';
import { getDroppedFiles } from '@uppy/core/utils';
import { useUppyState } from '@uppy/react';
import Tus from '@uppy/tus';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { csrfHeaders, depositUploadEndpoint } from '../api/client';
import { fileSize } from '../text/format';

type Meta = { relativePath: string };

/** A file's place in the deposit: its path under the folder it came in, or its name. */
function placeOf(file: File & { relativePath?: string | null }): string {
  const relative = file.relativePath || file.webkitRelativePath || file.name;
  return relative.replace(/^\/+/, '');
}

type DepositUppy = Uppy<Meta, Record<string, never>>;

function depositUppy(depositId: string): DepositUppy {
  return new Uppy<Meta, Record<string, never>>({
    id: `deposit-${depositId}`,
    autoProceed: true,
    allowMultipleUploadBatches: true,
  }).use(Tus, {
    endpoint: depositUploadEndpoint(depositId),
    headers: () => csrfHeaders(),
    // Only the place in the deposit goes with each upload (the server reads nothing else).
    allowedMetaFields: ['relativePath'],
    retryDelays: [0, 1000, 3000, 5000, 10000],
    removeFingerprintOnSuccess: true,
  });
}

interface UploaderProps {
  depositId: string;
  disabled: boolean;
  onReceived: () => void;
}

/**
 * Sends files into a deposit with tus (Uppy and its tus uploader): a folder keeps its
 * files' paths under it, loose files (the spreadsheet) go to the deposit's top. Uploads
 * resume where they stopped, after a lost connection or a reload of the page (Uppy keeps
 * each upload's address in the browser). `onReceived` is told of each file the server
 * received whole. No Uppy interface plugin: the drop area and the two file choosers are
 * the app's own, so they speak its languages and keep its keyboard and contrast rules.
 */
export function DepositUploader(props: UploaderProps) {
  // Made in an effect and destroyed by its cleanup, so that an effect run twice (React's
  // strict mode) never leaves the page holding a destroyed uploader.
  const [uppy, setUppy] = useState<DepositUppy>();
  useEffect(() => {
    const made = depositUppy(props.depositId);
    setUppy(made);
    return () => made.destroy();
  }, [props.depositId]);
  return uppy ? <Uploader uppy={uppy} {...props} /> : null;
}

function Uploader({ uppy, disabled, onReceived }: UploaderProps & { uppy: DepositUppy }) {
  const { t, i18n } = useTranslation();
  const files = useUppyState(uppy, (state) => state.files);
  const [dragging, setDragging] = useState(false);
  const ids = { folder: useId(), files: useId(), help: useId() };

  useEffect(() => {
    // Once a batch is over, the files the server holds leave the list: they show among
    // the deposit's files, and the same file can be sent again after a change. (Removed
    // earlier, while Uppy still holds the upload, the upload would be cancelled.)
    const complete = (result: { successful?: { id: string }[] }) => {
      for (const file of result.successful ?? []) uppy.removeFile(file.id);
    };
    uppy.on('upload-success', onReceived);
    uppy.on('complete', complete);
    return () => {
      uppy.off('upload-success', onReceived);
      uppy.off('complete', complete);
    };
  }, [uppy, onReceived]);

  const add = (chosen: Iterable<File>) => {
    uppy.addFiles(
      [...chosen].map((file) => ({
        name: file.name,
        type: file.type,
        data: file,
        source: 'deposit',
        meta: { relativePath: placeOf(file) },
      })),
    );
  };

  const sending = Object.values(files);
  return (
    <div className="deposit-uploader">
      <section
        className={`drop-area${dragging ? ' dragging' : ''}`}
        aria-labelledby={ids.help}
        onDragOver={(event) => {
          event.preventDefault();
          if (!disabled) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          if (!disabled) void getDroppedFiles(event.dataTransfer).then(add);
        }}
      >
        <p id={ids.help}>{disabled ? t('deposit.uploadClosed') : t('deposit.dropHere')}</p>
        <div className="file-choosers">
          <label className="button file-chooser" htmlFor={ids.folder}>
            {t('deposit.chooseFolder')}
            <input
              id={ids.folder}
              className="visually-hidden"
              type="file"
              multiple
              disabled={disabled}
              webkitdirectory=""
              data-testid="folder-input"
              onChange={(event) => {
                add(event.target.files ?? []);
                event.target.value = '';
              }}
            />
          </label>
          <label className="button file-chooser" htmlFor={ids.files}>
            {t('deposit.chooseFiles')}
            <input
              id={ids.files}
              className="visually-hidden"
              type="file"
              multiple
              disabled={disabled}
              data-testid="files-input"
              onChange={(event) => {
                add(event.target.files ?? []);
                event.target.value = '';
              }}
            />
          </label>
        </div>
      </section>
      {sending.length > 0 && (
        <ul className="uploads" aria-label={t('deposit.sending')}>
          {sending.map((file) => {
            const total = file.size ?? 0;
            const sent = file.progress.bytesUploaded || 0;
            return (
              <li key={file.id}>
                <span className="upload-path">{file.meta.relativePath}</span>{' '}
                <progress
                  max={total || 1}
                  value={sent}
                  aria-label={t('deposit.sendingFile', { path: file.meta.relativePath })}
                />{' '}
                <span>
                  {t('deposit.bytesOf', {
                    sent: fileSize(sent, i18n.language),
                    total: fileSize(total, i18n.language),
                  })}
                </span>
                {file.error && (
                  <span className="error" role="alert">
                    {' '}
                    {t('deposit.uploadFailed', { detail: file.error })}{' '}
                    <button type="button" onClick={() => void uppy.retryUpload(file.id)}>
                      {t('deposit.sendAgain')}
                    </button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
