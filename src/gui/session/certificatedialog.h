#pragma once

#include "tls/tlsreport.h"

#include <QDialog>

class QTreeWidget;

namespace sockeye {

/// A TLS peer's certificates, its own first: for each its subject, issuer, validity, the names
/// it is for, serial number and SHA-256 fingerprint, selectable and copyable.
class CertificateDialog : public QDialog
{
    Q_OBJECT
public:
    CertificateDialog(const TlsPeerInfo &tls, const QString &peerLabel, QWidget *parent = nullptr);
    [[nodiscard]] QTreeWidget *tree() const { return m_tree; }
    /// Every line as "Field: value", indented per certificate (tests and screen readers).
    [[nodiscard]] QString text() const;

private:
    QTreeWidget *m_tree;
};

} // namespace sockeye
