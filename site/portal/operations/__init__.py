"""Operations: backup, storage, faults, page cache, health"""
